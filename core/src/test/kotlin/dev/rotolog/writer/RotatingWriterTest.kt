// The virtual-time controls of kotlinx-coroutines-test (advanceTimeBy, currentTime) are still experimental.
@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.rotolog.writer

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.time.ZoneOffset
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest

/**
 * The writer with rotation, driven by the ticker on virtual time: the wall clock reads the test scheduler, the files
 * are real.
 */
class RotatingWriterTest :
    FunSpec({
        val hour = 3_600_000L
        val start = 1_795_269_600_000L + 20 * 60_000 // 2026-11-21T14:20:00Z

        fun TestScope.hourlyWriter(file: Path, clock: VirtualClock): TargetWriter {
            val config =
                messageOnlyConfig(file) {
                        overflow = OverflowPolicy.BLOCK
                        rotate {
                            every(1, PeriodUnit.HOURS)
                            zone = ZoneOffset.UTC
                        }
                    }
                    .files
                    .single()
            return TargetWriter(file, config, clock, StatusReporter.global, tickerScope = backgroundScope).also {
                testScheduler.runCurrent() // the ticker starts now, at the current wall time
            }
        }

        fun TargetWriter.log(clock: VirtualClock, text: String) {
            offer(LogRecord(clock.millis(), Level.INFO, "rot", text), OverflowPolicy.BLOCK, 5.seconds).shouldBeTrue()
        }

        fun files(dir: Path): Map<String, List<String>> =
            Files.list(dir)
                .use { paths -> paths.toList() }
                .filter { !it.fileName.toString().endsWith(".lock") }
                .associate { it.fileName.toString() to Files.readAllLines(it) }

        fun TestScope.advanceTo(clock: VirtualClock, wallMillis: Long) {
            testScheduler.advanceTimeBy(wallMillis - clock.millis())
            testScheduler.runCurrent()
        }

        test(
            "the file rotates at the boundary with no record arriving, into an archive named for the period that ended"
        ) {
            runTest {
                val file = tempLogFile("rotolog-rot-idle")
                val clock = VirtualClock(testScheduler, start)
                val writer = hourlyWriter(file, clock)
                writer.log(clock, "at 14:20")
                writer.flush(10.seconds).shouldBeTrue()
                advanceTo(clock, start + 40 * 60_000 - 1) // 14:59:59.999
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe mapOf("app.log" to listOf("at 14:20"))
                advanceTo(clock, start + 40 * 60_000) // 15:00:00.000
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe
                    mapOf("app.2026-11-21_14.log" to listOf("at 14:20"), "app.log" to emptyList())
                writer.counters.rotations shouldBe 1
                writer.shutdown(10.seconds)
            }
        }

        test("a clock jump forward of 3 hours gives one rotation, not three, and no empty archives") {
            runTest {
                val file = tempLogFile("rotolog-rot-jump")
                val clock = VirtualClock(testScheduler, start)
                val writer = hourlyWriter(file, clock)
                writer.log(clock, "at 14:20")
                writer.flush(10.seconds).shouldBeTrue()
                clock.jumpMillis = 3 * hour // 17:20
                testScheduler.advanceTimeBy(60_001) // the ticker's longest sleep
                testScheduler.runCurrent()
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe
                    mapOf("app.2026-11-21_14.log" to listOf("at 14:20"), "app.log" to emptyList())
                writer.log(clock, "at 17:21")
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent)["app.log"] shouldBe listOf("at 17:21")
                writer.counters.rotations shouldBe 1
                writer.shutdown(10.seconds)
            }
        }

        test("a clock jump back of 1 hour gives no rotation and overwrites nothing") {
            runTest {
                val file = tempLogFile("rotolog-rot-back")
                val clock = VirtualClock(testScheduler, start)
                val writer = hourlyWriter(file, clock)
                writer.log(clock, "at 14:20")
                writer.flush(10.seconds).shouldBeTrue()
                advanceTo(clock, start + 45 * 60_000) // 15:05: rotated at 15:00
                writer.log(clock, "at 15:05")
                writer.flush(10.seconds).shouldBeTrue()
                clock.jumpMillis = -hour // 14:05 again: the 14 o'clock archive exists already
                testScheduler.advanceTimeBy(60_001)
                testScheduler.runCurrent()
                writer.log(clock, "at 14:06 (clock went back)")
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe
                    mapOf(
                        "app.2026-11-21_14.log" to listOf("at 14:20"),
                        "app.log" to listOf("at 15:05", "at 14:06 (clock went back)"),
                    )
                writer.counters.rotations shouldBe 1
                writer.counters.lateRecords shouldBe 1 // made at 14:06, written into the 15 o'clock file
                // When the clock reaches 16:00 again, the 15 o'clock file rotates, under its own name.
                advanceTo(clock, start + (2 * hour - 20 * 60_000)) // wall 16:00
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent).keys shouldBe setOf("app.2026-11-21_14.log", "app.2026-11-21_15.log", "app.log")
                writer.shutdown(10.seconds)
            }
        }

        test("a process that starts and finds an active file from an older period rotates it first") {
            runTest {
                val file = tempLogFile("rotolog-rot-start")
                Files.writeString(file, "left from yesterday\n")
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(start - 24 * hour))
                val clock = VirtualClock(testScheduler, start)
                val writer = hourlyWriter(file, clock)
                writer.log(clock, "today")
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe
                    mapOf("app.2026-11-20_14.log" to listOf("left from yesterday"), "app.log" to listOf("today"))
                writer.shutdown(10.seconds)
            }
        }

        test(
            "size rotation splits a batch at record boundaries; a record larger than the limit goes alone into a file"
        ) {
            runTest {
                val file = tempLogFile("rotolog-rot-size")
                val config = messageOnlyConfig(file) { rotate { maxSize = 100 } }.files.single()
                val writer =
                    TargetWriter(
                        file,
                        config,
                        VirtualClock(testScheduler, start),
                        StatusReporter.global,
                        backgroundScope,
                    )
                val lines = listOf("a".repeat(39), "b".repeat(39), "c".repeat(39), "d".repeat(150), "e".repeat(9))
                for (line in lines) writer.offer(
                    LogRecord(start, Level.INFO, "size", line),
                    OverflowPolicy.BLOCK,
                    5.seconds,
                )
                writer.shutdown(10.seconds)
                // 40 + 40 bytes fit in 100; the third record would not: rotate. The 151-byte record goes alone.
                files(file.parent) shouldBe
                    mapOf(
                        "app.1.log" to lines.subList(0, 2),
                        "app.2.log" to lines.subList(2, 3),
                        "app.3.log" to lines.subList(3, 4),
                        "app.log" to lines.subList(4, 5),
                    )
            }
        }

        test("a corrupt state in the lock file is rebuilt and reported; rotation goes on from the files") {
            runTest {
                val file = tempLogFile("rotolog-rot-corrupt")
                Files.writeString(file.resolveSibling("app.log.lock"), "rotolog-state 1\ngeneration=zz\ncrc=0\n")
                val reports = captureStatus()
                val clock = VirtualClock(testScheduler, start)
                val writer = hourlyWriter(file, clock)
                writer.log(clock, "at 14:20")
                writer.flush(10.seconds).shouldBeTrue()
                advanceTo(clock, start + 40 * 60_000)
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe
                    mapOf("app.2026-11-21_14.log" to listOf("at 14:20"), "app.log" to emptyList())
                reports.restore().any { it.contains("rebuilding the rotation state") } shouldBe true
                writer.shutdown(10.seconds)
            }
        }

        test(
            "a state written by a newer rotolog is left alone: records are written, nothing rotates, and it is reported"
        ) {
            runTest {
                val file = tempLogFile("rotolog-rot-newer")
                val lock = file.resolveSibling("app.log.lock")
                // A valid checksum: only a record whose checksum holds is believed to come from a newer rotolog.
                val body =
                    String(dev.rotolog.lock.SharedState().encode())
                        .substringBefore("crc=")
                        .replace("rotolog-state 1", "rotolog-state 9")
                val crc = java.util.zip.CRC32().apply { update(body.toByteArray(Charsets.US_ASCII)) }.value
                val newer = body + "crc=" + java.lang.Long.toHexString(crc) + "\n"
                Files.writeString(lock, newer)
                val reports = captureStatus()
                val clock = VirtualClock(testScheduler, start)
                val writer = hourlyWriter(file, clock)
                writer.log(clock, "at 14:20")
                advanceTo(clock, start + 2 * hour)
                writer.log(clock, "at 16:20")
                writer.flush(10.seconds).shouldBeTrue()
                files(file.parent) shouldBe mapOf("app.log" to listOf("at 14:20", "at 16:20"))
                Files.readString(lock) shouldBe newer
                reports.restore().any { it.contains("written by a newer rotolog") } shouldBe true
                writer.shutdown(10.seconds)
            }
        }
    })

/** Collects the global status reporter's lines until [restore]. */
class CapturedStatus(private val previous: (String) -> Unit) {
    val lines: MutableList<String> = java.util.Collections.synchronizedList(ArrayList())

    fun restore(): List<String> {
        StatusReporter.global.sink = previous
        return lines.toList()
    }
}

fun captureStatus(): CapturedStatus =
    CapturedStatus(StatusReporter.global.sink).also { captured ->
        StatusReporter.global.sink = { captured.lines += it }
    }
