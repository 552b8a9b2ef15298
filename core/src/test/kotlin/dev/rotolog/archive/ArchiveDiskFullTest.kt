package dev.rotolog.archive

import dev.rotolog.info
import dev.rotolog.kilobytes
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.RotationSettings
import dev.rotolog.rotolog
import dev.rotolog.status.StatusReporter
import dev.rotolog.testkit.LogFiles
import dev.rotolog.testkit.ProcessExpectation
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.RecordFormat
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.test.Enabled
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.ZoneOffset
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * A real full disk during compression: a 4 MiB tmpfs holding a rotated log, filled up to the last few KiB. Needs root
 * and a kernel that lets us mount; elsewhere the test is skipped with the reason, and [ArchivePassTest] and
 * [ArchiverTest] cover the same path with a failing stream.
 */
class ArchiveDiskFullTest :
    FunSpec({
        val mountPoint: Path = Files.createTempDirectory("rotolog-archive-tmpfs")
        val mounted = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.toString())
        afterSpec { if (mounted) run("umount", "-l", mountPoint.toString()) }

        test(
                "ENOSPC while compressing: the raw archives survive untouched, compression is retried, and once space returns every record is there once"
            )
            .config(
                enabledOrReasonIf = {
                    if (mounted) Enabled.enabled else Enabled.disabled("cannot mount tmpfs here (needs root)")
                }
            ) {
                println("ArchiveDiskFullTest: running on a real 4 MiB tmpfs at $mountPoint")
                val file = mountPoint.resolve("app.log")
                val records = 8_000
                // A log rotated at 256 KiB, written without compression: about 1.5 MiB in a handful of archives.
                rotolog {
                        shutdownHook = false
                        file(file) {
                            layout = PatternLayout(RecordFormat.PATTERN, ZoneOffset.UTC)
                            rotate { maxSize = 256.kilobytes }
                        }
                    }
                    .use { logging ->
                        val log = logging.logger("p0")
                        thread(name = "w0") {
                                for (seq in 0 until records) log.info { RecordFormat.message(0, 0, seq) }
                            }
                            .join()
                    }
                val archives = LogFiles.inWriteOrder(file, null).filter { it != file }
                archives.size shouldBeGreaterThanOrEqual 3
                val hashes = archives.associateWith { sha256(it) }

                // Leave a few KiB: the first .gz.part runs out of space.
                val filler = mountPoint.resolve("filler")
                Files.newOutputStream(filler).use { out ->
                    val block = ByteArray(4096)
                    try {
                        while (true) out.write(block)
                    } catch (_: java.io.IOException) {
                        // full now
                    }
                }
                Files.write(filler, Files.readAllBytes(filler).copyOf(Files.size(filler).toInt() - 8 * 1024))

                val reports = ArrayList<String>()
                val archiver =
                    Archiver(
                        file,
                        RotationSettings(null, ZoneOffset.UTC, 256.kilobytes),
                        ArchiveSettings(true, 0.seconds, Retention.ALL),
                        Clock.systemUTC(),
                        StatusReporter(intervalNanos = 0, sink = { synchronized(reports) { reports += it } }),
                        timing = Archiver.Timing(retryMin = 20.milliseconds, retryMax = 200.milliseconds),
                    )
                try {
                    eventually(30.seconds) { archiver.counters.compressionFailures.get() shouldBeGreaterThanOrEqual 3L }
                    // The failed attempts touched no raw archive.
                    for ((archive, hash) in hashes) sha256(archive) shouldBe hash
                    synchronized(reports) { reports.first { "cannot compress" in it } }
                        .contains("No space left on device") shouldBe true

                    Files.delete(filler)
                    eventually(30.seconds) {
                        LogFiles.inWriteOrder(file, null)
                            .filter { it != file && !it.fileName.toString().endsWith(".gz") }
                            .shouldBeEmpty()
                    }
                } finally {
                    archiver.close()
                }
                Files.list(mountPoint)
                    .use { s -> s.filter { it.fileName.toString().endsWith(".part") }.toList() }
                    .shouldBeEmpty()
                val files = LogFiles.inWriteOrder(file, null)
                for (gz in files.filter { it != file }) if (gzipProgram != null)
                    withClue(gz) { gzipTest(gz) shouldBe null }
                val check = RecordChecker(listOf(ProcessExpectation(0, 1, records))).check(files)
                withClue(check.details) { check.isClean shouldBe true }
                println(
                    "ArchiveDiskFullTest: ${archiver.counters.compressionFailures.get()} failed compressions retried, " +
                        "${archiver.counters.compressed.get()} archives compressed once space returned; ${check.summary}"
                )
            }
    })

private fun run(vararg command: String): Boolean =
    try {
        val process = ProcessBuilder(*command).redirectErrorStream(true).start()
        process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
    } catch (_: Exception) {
        false
    }
