package dev.rotolog

import dev.rotolog.layout.PatternLayout
import dev.rotolog.lock.LockFiles
import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.parseTestLine
import dev.rotolog.writer.startWith
import dev.rotolog.writer.tempLogFile
import dev.rotolog.writer.testLine
import dev.rotolog.writer.writerWaitsForLock
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * The writer is stalled by holding its lock from the test; a SUSPEND target's queue then fills, and a suspending log
 * call must suspend the coroutine, leaving its thread free for other coroutines.
 */
class SuspendingLoggerTest :
    FunSpec({
        class Stalled(val logging: Rotolog, val file: Path, val release: CountDownLatch)

        suspend fun stalled(capacity: Int): Stalled {
            val file = tempLogFile("rotolog-suspending")
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
            val logging =
                startWith(
                    rotologConfig {
                        shutdownHook = false
                        file(file) {
                            layout = PatternLayout("%msg%n")
                            overflow = OverflowPolicy.SUSPEND
                            queueCapacity = capacity
                            maxBatchRecords = 1
                        }
                    }
                )
            // The writer takes the first record and waits for the lock; then the queue fills.
            logging.logger("s").info { testLine("S", 0) }
            eventually(10.seconds) { writerWaitsForLock(file).shouldBeTrue() }
            return Stalled(logging, file, release)
        }

        test(
            "a suspending call suspends while the queue is full, its thread runs other coroutines, and nothing is lost"
        ) {
            val capacity = 8
            val stall = stalled(capacity)
            val log = stall.logging.logger("s").suspending
            val single = Executors.newSingleThreadExecutor().asCoroutineDispatcher()
            runBlocking {
                val producer = launch(single) { for (seq in 1..capacity + 5) log.info { testLine("S", seq) } }
                // Runs on the same single thread: possible only if the producer suspended instead of blocking it.
                val other = CompletableDeferred<Unit>()
                launch(single) { other.complete(Unit) }
                withTimeout(30.seconds) { other.await() }
                producer.isActive.shouldBeTrue()
                stall.release.countDown()
                producer.join()
            }
            single.close()
            stall.logging.close()
            Files.readAllLines(stall.file).mapNotNull { parseTestLine(it)?.second } shouldContainExactly
                (0..capacity + 5).toList()
            stall.logging.stats().single().dropped shouldBe 0
        }

        test(
            "cancelling a coroutine that waits for room ends it with CancellationException and counts the record dropped"
        ) {
            val capacity = 4
            val stall = stalled(capacity)
            val log = stall.logging.logger("s").suspending
            runBlocking {
                repeat(capacity) { log.info { testLine("S", it + 1) } } // fills the queue without suspending
                val waiting = CompletableDeferred<Throwable?>()
                // UNDISPATCHED: runs at once up to its first suspension, which is the full queue.
                val job =
                    launch(start = CoroutineStart.UNDISPATCHED) {
                        try {
                            log.info { testLine("S", 99) }
                            waiting.complete(null)
                        } catch (e: Throwable) {
                            waiting.complete(e)
                            throw e
                        }
                    }
                job.isActive.shouldBeTrue()
                job.cancel()
                (withTimeout(30.seconds) { waiting.await() } is CancellationException).shouldBeTrue()
            }
            stall.release.countDown()
            stall.logging.close()
            stall.logging.stats().single().dropped shouldBe 1
            val lines = Files.readAllLines(stall.file)
            lines.mapNotNull { parseTestLine(it)?.second } shouldContainExactly (0..capacity).toList()
            lines.single { "dropped" in it } shouldContain "1 records were dropped"
        }

        test("a Logger that is not rotolog's still works through the suspending view") {
            val seen = ArrayList<String>()
            val plain =
                object : Logger {
                    override val name = "plain"

                    override fun isEnabled(level: Level) = level >= Level.INFO

                    override fun log(level: Level, throwable: Throwable?, message: String) {
                        seen += "$level $message"
                    }

                    override fun log(record: LogRecord) {
                        seen += "${record.level} ${record.message}"
                    }
                }
            runBlocking {
                plain.suspending.debug { "hidden" }
                plain.suspending.warn { "shown" }
                plain.suspending.error { error("lambda failed") }
            }
            seen shouldBe
                listOf("WARN shown", "ERROR <log message failed: java.lang.IllegalStateException: lambda failed>")
        }
    })
