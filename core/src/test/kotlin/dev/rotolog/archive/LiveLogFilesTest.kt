package dev.rotolog.archive

import dev.rotolog.PeriodUnit
import dev.rotolog.Rotolog
import dev.rotolog.info
import dev.rotolog.kilobytes
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.LiveLogNames
import dev.rotolog.rotation.PeriodBoundaries
import dev.rotolog.rotation.RotationPeriod
import dev.rotolog.rotologConfig
import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.parseTestLine
import dev.rotolog.writer.testLine
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.ZoneOffset
import kotlin.time.Duration.Companion.seconds

/**
 * Another log's live file can have the shape of an archive name (`app.{key}.log` with key `7` gives `app.7.log` beside
 * a size-rotated `app.log`; key `2026-11-21` gives a daily archive name): the archiver must never compress, delete or
 * count it, and must still handle the real archives around it.
 */
class LiveLogFilesTest :
    FunSpec({
        val passClock = SettableClock(Instant.parse("2026-11-22T12:00:00Z"))

        class Setup(val dir: Path, val pass: ArchivePass, val counters: ArchiverCounters)

        fun setup(unit: PeriodUnit?, retention: Retention): Setup {
            val dir = tempdir().toPath()
            val counters = ArchiverCounters()
            val grid = unit?.let { PeriodBoundaries(RotationPeriod(1, it), ZoneOffset.UTC) }
            val pass =
                ArchivePass(
                    ArchiveDirectory(dir, ArchiveNaming("app.log", unit)),
                    compress = true,
                    RetentionPlanner(retention) { archive -> grid?.let { RetentionPlanner.periodEnd(it, archive) } },
                    GzipCompressor(),
                    passClock,
                    StatusReporter(intervalNanos = 0, sink = {}),
                    counters,
                )
            return Setup(dir, pass, counters)
        }

        fun Setup.write(name: String, text: String = "record of $name\n"): Path =
            dir.resolve(name).also { Files.writeString(it, text) }

        /** A live log as rotolog leaves it: its `.lock` sidecar, then the file. Returns the file's hash. */
        fun Setup.live(name: String): String {
            write(LiveLogNames.lockOf(name), "")
            return sha256(write(name, "live line of $name\n".repeat(50)))
        }

        test(
            "size-only app.log beside live app.7.log and app.12345.log: real archives are compressed and pruned, the live files stay as they are"
        ) {
            val s = setup(null, Retention(2, null, null))
            s.write("app.log")
            s.write("app.log.lock", "")
            val live = listOf("app.7.log", "app.12345.log").associateWith { s.live(it) }
            for (i in listOf(1, 2, 3, 8)) s.write("app.$i.log")

            s.pass.run {} shouldBe 0

            for ((name, hash) in live) withClue(name) { sha256(s.dir.resolve(name)) shouldBe hash }
            namesIn(s.dir) shouldBe
                listOf(
                    "app.12345.log",
                    "app.12345.log.lock",
                    "app.3.log.gz",
                    "app.7.log",
                    "app.7.log.lock",
                    "app.8.log.gz",
                    "app.log",
                    "app.log.lock",
                )
            // Uncounted: two real archives are kept, which they would not be if a live file took a place.
            s.counters.compressed.get() shouldBe 2
            s.counters.deleted.get() shouldBe 2

            // The rule does not reach too far: app.7.log's own archives are its archiver's, though app.log is live too.
            s.write("app.7.1.log")
            ArchiveDirectory(s.dir, ArchiveNaming("app.7.log", null)).scan().map { it.rawName } shouldBe
                listOf("app.7.1.log")
        }

        test("a .gz or .gz.part beside a live file of archive shape is not taken for its compressed copy either") {
            val s = setup(null, Retention(1, null, null))
            val liveHash = s.live("app.7.log")
            // What a compression of the live file (by an older version) would have left: same content, so a repair
            // would delete the live file as "the raw archive beside its complete .gz".
            GzipCompressor().compress(s.dir.resolve("app.7.log")) {}
            val gzHash = sha256(s.dir.resolve("app.7.log.gz"))
            s.write("app.7.log.gz.part", "")
            s.write("app.2.log")

            s.pass.run {} shouldBe 0

            sha256(s.dir.resolve("app.7.log")) shouldBe liveHash
            sha256(s.dir.resolve("app.7.log.gz")) shouldBe gzHash
            namesIn(s.dir) shouldBe
                listOf("app.2.log.gz", "app.7.log", "app.7.log.gz", "app.7.log.gz.part", "app.7.log.lock")
        }

        test(
            "daily app.log beside live app.2026-11-21.log: the live file and its own size archive are left alone, the real archives handled"
        ) {
            val s = setup(PeriodUnit.DAYS, Retention(1, null, null))
            val liveHash = s.live("app.2026-11-21.log")
            // app.2026-11-21.log's first size archive, which is also daily app.log's second file of 2026-11-21.
            val ambiguous = sha256(s.write("app.2026-11-21.1.log"))
            s.write("app.2026-11-19.log")
            s.write("app.2026-11-20.log")
            s.write("app.2026-11-18.log.gz.part", "")

            s.pass.run {} shouldBe 0

            sha256(s.dir.resolve("app.2026-11-21.log")) shouldBe liveHash
            sha256(s.dir.resolve("app.2026-11-21.1.log")) shouldBe ambiguous
            namesIn(s.dir) shouldBe
                listOf("app.2026-11-20.log.gz", "app.2026-11-21.1.log", "app.2026-11-21.log", "app.2026-11-21.log.lock")

            // Seen from the live log's own archiver (size-only), the same name may be daily app.log's: left alone too.
            Files.writeString(s.dir.resolve("app.log.lock"), "")
            val other = ArchiveDirectory(s.dir, ArchiveNaming("app.2026-11-21.log", null))
            other.scan().map { it.rawName } shouldBe emptyList()
        }

        test(
            "a name that becomes a live log's file after the scan (its .lock appears) is neither compressed nor deleted"
        ) {
            val s = setup(null, Retention(1, null, null))
            s.write("app.1.log")
            val soonLive = sha256(s.write("app.3.log"))
            s.write("app.4.log")
            var checkpoints = 0
            // The first checkpoint comes after the scan, before any file is changed.
            s.pass.run { if (checkpoints++ == 0) Files.writeString(s.dir.resolve("app.3.log.lock"), "") } shouldBe 0
            sha256(s.dir.resolve("app.3.log")) shouldBe soonLive
            namesIn(s.dir) shouldBe listOf("app.3.log", "app.3.log.lock", "app.4.log.gz")
        }

        test("real writers: app.{key}.log with keys 7 and 12345 beside a size-rotated, compressed, pruned app.log") {
            val dir = tempdir().toPath()

            fun owner(key: String, withMain: Boolean): Rotolog =
                Rotolog.start(
                    rotologConfig {
                        shutdownHook = false
                        processKey = key
                        file(dir.resolve("app.{key}.log").toString()) {
                            layout = PatternLayout("%msg%n")
                            loggers("key")
                        }
                        if (withMain) {
                            file(dir.resolve("app.log")) {
                                layout = PatternLayout("%msg%n")
                                loggers("main")
                                rotate { maxSize = 1.kilobytes }
                                compress = true
                                keep { archives = 2 }
                            }
                        }
                    }
                )
            val seven = owner("7", withMain = true)
            val other = owner("12345", withMain = false)
            for (seq in 0 until 20) seven.logger("key").info { testLine("K7", seq) }
            for (seq in 0 until 20) other.logger("key").info { testLine("K12345", seq) }
            seven.flush().shouldBeTrue()
            other.flush().shouldBeTrue()
            val total = 600 // 30 KB: some 30 rotations of app.log, through index 7 and on
            for (seq in 0 until total) seven.logger("main").info { testLine("M", seq) }
            seven.flush().shouldBeTrue()
            val naming = ArchiveNaming("app.log", null)
            fun archives(): List<String> =
                namesIn(dir).filter { naming.parse(it) != null && !LiveLogNames.isLive(it, namesIn(dir).toSet()) }
            eventually(30.seconds) {
                archives().size shouldBe 2
                archives().all { it.endsWith(".gz") } shouldBe true
            }
            seven.close()
            other.close()

            for ((key, tag) in listOf("7" to "K7", "12345" to "K12345")) {
                withClue("app.$key.log") {
                    Files.readAllLines(dir.resolve("app.$key.log")).map { parseTestLine(it) } shouldBe
                        (0 until 20).map { tag to it }
                    Files.exists(dir.resolve("app.$key.log.gz")) shouldBe false
                }
            }
            val ordered =
                archives().map { naming.parse(it)!! }.sorted().map { dir.resolve(it.fileName) } +
                    listOf(dir.resolve("app.log"))
            val seqs =
                ordered.flatMap { f ->
                    val bytes = if (f.fileName.toString().endsWith(".gz")) gunzip(f) else Files.readAllBytes(f)
                    String(bytes).lines().filter { it.isNotEmpty() }.map { parseTestLine(it)!!.second }
                }
            seqs shouldBe (seqs.first() until total).toList()
        }

        test("real writers: daily app.log beside app.{key}.log with key 2026-11-21") {
            val dir = tempdir().toPath()
            val writeClock = SettableClock(Instant.parse("2026-11-20T12:00:00Z"))
            val main =
                Rotolog.start(
                    rotologConfig {
                        shutdownHook = false
                        clock = writeClock
                        file(dir.resolve("app.log")) {
                            layout = PatternLayout("%msg%n")
                            rotate {
                                every(1, PeriodUnit.DAYS)
                                zone = ZoneOffset.UTC
                            }
                            compress = true
                            keep { archives = 1 }
                        }
                    }
                )
            val keyed =
                Rotolog.start(
                    rotologConfig {
                        shutdownHook = false
                        processKey = "2026-11-21"
                        file(dir.resolve("app.{key}.log").toString()) { layout = PatternLayout("%msg%n") }
                    }
                )
            for (seq in 0 until 20) keyed.logger("k").info { testLine("K", seq) }
            keyed.flush().shouldBeTrue()
            for ((seq, day) in listOf("2026-11-20", "2026-11-22", "2026-11-23").withIndex()) {
                writeClock.now = Instant.parse("${day}T12:00:00Z")
                main.logger("m").info { testLine("M", seq) }
                main.flush().shouldBeTrue()
            }
            // 2026-11-20 and 2026-11-22 were archived; one is kept, compressed.
            eventually(30.seconds) {
                namesIn(dir).filter { it.startsWith("app.2026-11-2") && !it.startsWith("app.2026-11-21.log") } shouldBe
                    listOf("app.2026-11-22.log.gz")
            }
            main.close()
            keyed.close()
            Files.readAllLines(dir.resolve("app.2026-11-21.log")).map { parseTestLine(it) } shouldBe
                (0 until 20).map { "K" to it }
            String(gunzip(dir.resolve("app.2026-11-22.log.gz"))).trim() shouldBe testLine("M", 1)
        }
    })
