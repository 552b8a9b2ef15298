package dev.rotolog.writer

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.lock.LockFiles
import dev.rotolog.status.StatusReporter
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The writer is stalled by holding its lock file from the test (the in-JVM lock and the cross-process lock); the
 * callers must then behave as their overflow policy says, without waiting for the file.
 */
class OverflowPolicyTest :
    FunSpec({
        fun record(seq: Int) = LogRecord(0L, Level.INFO, "overflow", testLine("O", seq))

        /** Starts a writer with a queue of [capacity], then stalls it; returns the writer, its file and the release. */
        suspend fun stalledWriter(capacity: Int): Triple<TargetWriter, Path, CountDownLatch> {
            val file = tempLogFile("rotolog-overflow")
            val config =
                messageOnlyConfig(file) {
                        queueCapacity = capacity
                        maxBatchRecords = 1
                    }
                    .files
                    .single()
            val lockFile = LockFiles.acquire(file.resolveSibling("app.log.lock"), null, StatusReporter.global)
            val holding = CountDownLatch(1)
            val release = CountDownLatch(1)
            Thread(
                    {
                        lockFile.withLock {
                            holding.countDown()
                            release.await()
                        }
                        LockFiles.release(lockFile)
                    },
                    "test-lock-holder",
                )
                .start()
            holding.await()
            val writer = TargetWriter(file, config, java.time.Clock.systemUTC(), StatusReporter.global)
            // The first record is taken by the writer, which then waits for the lock; the rest fill the queue.
            writer.offer(record(0), OverflowPolicy.DROP, 1.seconds).shouldBeTrue()
            eventually(10.seconds) { writerWaitsForLock(file).shouldBeTrue() }
            var seq = 1
            while (writer.offer(record(seq), OverflowPolicy.DROP, 1.seconds)) seq++
            writer.counters.dropped.get() shouldBe 1
            return Triple(writer, file, release)
        }

        test("DROP returns at once while the writer is stalled, and counts the record") {
            val (writer, file, release) = stalledWriter(capacity = 8)
            repeat(100) { writer.offer(record(1000 + it), OverflowPolicy.DROP, 10.seconds).shouldBeFalse() }
            writer.counters.dropped.get() shouldBe 101
            release.countDown()
            writer.shutdown(10.seconds)
            val lines = Files.readAllLines(file)
            lines.count { parseTestLine(it) != null } shouldBe writer.counters.written.toInt()
            lines.single { it.contains("records were dropped") }.substringBefore(" records") shouldBe "101"
        }

        test("BLOCK waits for its timeout while the writer is stalled, then drops and counts") {
            val (writer, _, release) = stalledWriter(capacity = 8)
            val started = System.nanoTime()
            writer.offer(record(1000), OverflowPolicy.BLOCK, 200.milliseconds).shouldBeFalse()
            (System.nanoTime() - started) shouldBeGreaterThanOrEqual 200_000_000L
            writer.counters.dropped.get() shouldBe 2
            release.countDown()
            writer.shutdown(10.seconds)
        }

        test("BLOCK gets its record in once the writer moves again") {
            val (writer, file, release) = stalledWriter(capacity = 8)
            val accepted = CompletableFuture<Boolean>()
            val blocked =
                Thread(
                    { accepted.complete(writer.offer(record(1000), OverflowPolicy.BLOCK, 60.seconds)) },
                    "test-blocked-caller",
                )
            blocked.start()
            // Release the writer only once the caller is known to wait for room (not merely started).
            eventually(10.seconds) {
                withClue("the caller is not waiting for room: ${blocked.state} ${blocked.stackTrace.take(3)}") {
                    (blocked.state == Thread.State.TIMED_WAITING &&
                            blocked.stackTrace.any { it.methodName.startsWith("awaitRoomFor") })
                        .shouldBeTrue()
                }
            }
            accepted.isDone.shouldBeFalse()
            release.countDown()
            withClue("offer under BLOCK") { accepted.get(30, TimeUnit.SECONDS).shouldBeTrue() }
            writer.shutdown(10.seconds)
            writer.counters.dropped.get() shouldBe 1
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second }.last() shouldBe 1000
        }

        test("SUSPEND suspends the calling coroutine while the writer is stalled, and resumes when it moves") {
            val (writer, file, release) = stalledWriter(capacity = 8)
            runBlocking {
                val caller =
                    launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                        writer.offerSuspending(record(1000), OverflowPolicy.SUSPEND, 1.seconds).shouldBeTrue()
                    }
                caller.isActive.shouldBeTrue() // suspended in send, not returned
                release.countDown()
                caller.join()
            }
            writer.shutdown(10.seconds)
            writer.counters.dropped.get() shouldBe 1
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second }.last() shouldBe 1000
        }
    })
