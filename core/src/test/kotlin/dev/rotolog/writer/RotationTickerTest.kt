// The virtual-time controls of kotlinx-coroutines-test (advanceTimeBy, currentTime) are still experimental.
@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.rotolog.writer

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestCoroutineScheduler
import kotlinx.coroutines.test.runTest

/** A wall clock that reads the test scheduler's virtual time, plus an offset a test may jump. */
class VirtualClock(private val scheduler: TestCoroutineScheduler, private val startMillis: Long) : Clock() {
    @Volatile var jumpMillis = 0L

    override fun millis(): Long = startMillis + scheduler.currentTime + jumpMillis

    override fun instant(): Instant = Instant.ofEpochMilli(millis())

    override fun getZone(): ZoneId = ZoneOffset.UTC

    override fun withZone(zone: ZoneId?): Clock = this
}

class RotationTickerTest :
    FunSpec({
        val hour = 3_600_000L
        val start = 1_795_269_600_000L + 20 * 60_000 // 14:20:00Z, 40 minutes before a boundary
        fun hourly(now: Long) = (Math.floorDiv(now, hour) + 1) * hour

        test("asks for a check at each boundary, with no record arriving, and at no other time") {
            runTest {
                val clock = VirtualClock(testScheduler, start)
                val checks = ArrayList<Long>()
                backgroundScope.launch { RotationTicker(clock, ::hourly, { checks += clock.millis() }).run() }
                testScheduler.advanceTimeBy(40 * 60_000L - 1)
                testScheduler.runCurrent()
                checks shouldBe emptyList()
                testScheduler.advanceTimeBy(1)
                testScheduler.runCurrent()
                checks shouldBe listOf(hourly(start))
                testScheduler.advanceTimeBy(2 * hour)
                testScheduler.runCurrent()
                checks shouldBe listOf(hourly(start), hourly(start) + hour, hourly(start) + 2 * hour)
            }
        }

        test("a clock jump forward of 3 hours gives one check, not three") {
            runTest {
                val clock = VirtualClock(testScheduler, start)
                var checks = 0
                backgroundScope.launch { RotationTicker(clock, ::hourly, { checks++ }).run() }
                testScheduler.runCurrent()
                clock.jumpMillis = 3 * hour
                testScheduler.advanceTimeBy(60_000)
                testScheduler.runCurrent()
                checks shouldBe 1
                // and the next check comes at the next real boundary after the jumped time
                val untilNext = hourly(clock.millis()) - clock.millis()
                testScheduler.advanceTimeBy(untilNext - 1)
                testScheduler.runCurrent()
                checks shouldBe 1
                testScheduler.advanceTimeBy(1)
                testScheduler.runCurrent()
                checks shouldBe 2
            }
        }

        test("a clock jump back of 1 hour gives no check until the clock reaches a boundary again") {
            runTest {
                val clock = VirtualClock(testScheduler, start)
                var checks = 0
                backgroundScope.launch { RotationTicker(clock, ::hourly, { checks++ }).run() }
                testScheduler.advanceTimeBy(30 * 60_000L) // 14:50
                testScheduler.runCurrent()
                clock.jumpMillis = -hour // 13:50
                testScheduler.advanceTimeBy(10 * 60_000L) // wall 14:00 again: a boundary, once
                testScheduler.runCurrent()
                checks shouldBe 1
                testScheduler.advanceTimeBy(60 * 60_000L - 1) // wall 14:59:59.999
                testScheduler.runCurrent()
                checks shouldBe 1
                testScheduler.advanceTimeBy(1) // wall 15:00
                testScheduler.runCurrent()
                checks shouldBe 2
            }
        }
    })
