package dev.rotolog.archive

import dev.rotolog.PeriodUnit
import dev.rotolog.lock.LockFiles
import dev.rotolog.rotation.RotationPeriod
import dev.rotolog.rotation.RotationSettings
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import java.io.OutputStream
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.CountDownLatch
import kotlin.concurrent.thread
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest

/** The archiver's scheduling on virtual time: when passes run, retries and their backoff, a busy lock, the spread. */
@OptIn(ExperimentalCoroutinesApi::class)
class ArchiverTest :
    FunSpec({
        val hourly = RotationSettings(RotationPeriod(1, PeriodUnit.HOURS), ZoneOffset.UTC, null)
        val clock = SettableClock(Instant.parse("2026-03-20T12:00:00Z"))

        fun TestScope.archiver(
            dir: Path,
            delay: Duration = Duration.ZERO,
            random: Random = Random(1),
            reports: MutableList<String> = ArrayList(),
            wrapOutput: (OutputStream) -> OutputStream = { it },
        ): Archiver =
            Archiver(
                dir.resolve("app.log"),
                hourly,
                ArchiveSettings(true, delay, Retention.ALL),
                clock,
                StatusReporter(intervalNanos = 0, sink = { reports += it }),
                random = random,
                dispatcher = UnconfinedTestDispatcher(testScheduler),
                wrapOutput = wrapOutput,
            )

        /** The archive files in [dir] (the sidecar `app.log.archiver.lock` left out). */
        fun archives(dir: Path): List<String> = namesIn(dir).filter { it.startsWith("app.2") }

        fun archive(dir: Path, hour: Int): Path =
            dir.resolve("app.2026-03-20_%02d.log".format(hour)).also { Files.write(it, logLikeBytes(200, hour)) }

        test("the first pass runs at start, and each hand-over of new archives asks for another") {
            runTest {
                val dir = tempdir().toPath()
                archive(dir, 9)
                Files.write(dir.resolve("app.2026-03-20_09.log.gz.part"), ByteArray(3))
                val archiver = archiver(dir)
                archives(dir) shouldBe listOf("app.2026-03-20_09.log.gz")
                archiver.counters.repaired.get() shouldBe 1

                archive(dir, 10)
                testScheduler.advanceTimeBy(10.minutes.inWholeMilliseconds)
                Files.exists(dir.resolve("app.2026-03-20_10.log")) shouldBe true // nothing asked for a pass
                archiver.rotated()
                testScheduler.runCurrent()
                archives(dir) shouldBe listOf("app.2026-03-20_09.log.gz", "app.2026-03-20_10.log.gz")
                archiver.counters.passes.get() shouldBe 2
                archiver.close()
            }
        }

        test("a compression that fails (disk full) is retried after 1 s, 2 s, 4 s until it succeeds, then no more") {
            runTest {
                val dir = tempdir().toPath()
                val bytes = Files.readAllBytes(archive(dir, 9))
                var attempts = 0
                val reports = ArrayList<String>()
                val archiver =
                    archiver(
                        dir,
                        reports = reports,
                        wrapOutput = { out -> if (++attempts <= 3) FullDiskStream(out, 10) else out },
                    )
                attempts shouldBe 1
                archives(dir) shouldBe listOf("app.2026-03-20_09.log")
                for ((wait, expected) in listOf(1_000L to 2, 2_000L to 3, 4_000L to 4)) {
                    testScheduler.advanceTimeBy(wait - 1)
                    testScheduler.runCurrent()
                    attempts shouldBe expected - 1
                    testScheduler.advanceTimeBy(1)
                    testScheduler.runCurrent()
                    attempts shouldBe expected
                }
                archives(dir) shouldBe listOf("app.2026-03-20_09.log.gz")
                gunzip(dir.resolve("app.2026-03-20_09.log.gz")).contentEquals(bytes) shouldBe true
                archiver.counters.compressionFailures.get() shouldBe 3
                reports.count { "No space left on device" in it } shouldBe 3
                testScheduler.advanceTimeBy(60.minutes.inWholeMilliseconds)
                attempts shouldBe 4
                archiver.close()
            }
        }

        test("while another archiver holds the lock the pass is put off and polled for, then runs") {
            runTest {
                val dir = tempdir().toPath()
                archive(dir, 9)
                val lock = LockFiles.acquire(Archiver.lockPath(dir.resolve("app.log")), null, StatusReporter.global)
                val holding = CountDownLatch(1)
                val release = CountDownLatch(1)
                val holder = thread {
                    lock.tryWithLock {
                        holding.countDown()
                        release.await()
                    }
                }
                holding.await()
                val archiver = archiver(dir)
                archiver.counters.busy.get() shouldBe 1
                testScheduler.advanceTimeBy(100)
                testScheduler.runCurrent()
                archiver.counters.busy.get() shouldBe 2 // polled again after 100 ms, then backs off to 200 ms
                release.countDown()
                holder.join()
                testScheduler.advanceTimeBy(200)
                testScheduler.runCurrent()
                archives(dir) shouldBe listOf("app.2026-03-20_09.log.gz")
                archiver.close()
                LockFiles.release(lock)
            }
        }

        test("with a compression delay each pass starts after a random wait within it") {
            runTest {
                val dir = tempdir().toPath()
                archive(dir, 9)
                val expected = Random(5).nextLong(10.minutes.inWholeMilliseconds + 1)
                val archiver = archiver(dir, delay = 10.minutes, random = Random(5))
                testScheduler.advanceTimeBy(expected - 1)
                testScheduler.runCurrent()
                Files.exists(dir.resolve("app.2026-03-20_09.log")) shouldBe true
                testScheduler.advanceTimeBy(1)
                testScheduler.runCurrent()
                archives(dir) shouldBe listOf("app.2026-03-20_09.log.gz")
                archiver.close()
            }
        }
    })
