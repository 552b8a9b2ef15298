package dev.rotolog.writer

import dev.rotolog.OverflowPolicy
import dev.rotolog.info
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.test.Enabled
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/**
 * A real full disk: a 2 MiB tmpfs. Needs root and a kernel that lets us mount; elsewhere the test is skipped with the
 * reason, and [WriteFailureTest] covers the same path with a failing channel.
 */
class DiskFullTest :
    FunSpec({
        val mountPoint: Path = Files.createTempDirectory("rotolog-tmpfs")
        val mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString())
        afterSpec { if (mounted) run("umount", "-l", mountPoint.toString()) }

        test(
                "on a full tmpfs: no torn line, no duplicate, writing resumes when space returns, counters account for every gap"
            )
            .config(
                enabledOrReasonIf = {
                    if (mounted) Enabled.enabled else Enabled.disabled("cannot mount tmpfs here (needs root)")
                }
            ) {
                println("DiskFullTest: running on a real 2 MiB tmpfs at $mountPoint")
                val filler = mountPoint.resolve("filler")
                val file = mountPoint.resolve("app.log")
                val logging =
                    startWith(
                        messageOnlyConfig(file) {
                            overflow = OverflowPolicy.DROP
                            queueCapacity = 500
                        }
                    )
                val log = logging.logger("disk")
                val total = 20_000
                // Fill the disk to a few KiB of free space before logging.
                Files.newOutputStream(filler).use { out ->
                    val block = ByteArray(4096)
                    try {
                        while (true) out.write(block)
                    } catch (_: java.io.IOException) {
                        // the disk is full now
                    }
                }
                Files.write(filler, Files.readAllBytes(filler).copyOf(Files.size(filler).toInt() - 64 * 1024))

                for (seq in 0 until total) log.info { testLine("D", seq, 100) }
                eventually(20.seconds) { logging.stats().single().errors shouldBeGreaterThan 0 }
                Files.delete(filler)
                logging.flush() shouldBe true
                logging.close()

                val stats = logging.stats().single()
                val lines = Files.readAllLines(file)
                val notices = lines.filter { it.contains("records were dropped because the queue") }
                val parsed = (lines - notices.toSet()).map { parseTestLine(it) }
                parsed.filter { it == null }.shouldBeEmpty()
                val seqs = parsed.map { it!!.second }
                seqs.size shouldBe seqs.toSet().size
                val missing = total - seqs.size
                stats.dropped shouldBeGreaterThan 0
                stats.dropped shouldBe missing.toLong()
                stats.accepted shouldBe stats.written
                notices.sumOf { it.substringBefore(" records were dropped").toLong() } shouldBe stats.dropped
                println("DiskFullTest: errors=${stats.errors} dropped=${stats.dropped} written=${stats.written}")
            }
    })

private fun run(vararg command: String): Boolean =
    try {
        val process = ProcessBuilder(*command).redirectErrorStream(true).start()
        process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
    } catch (_: Exception) {
        false
    }
