package dev.rotolog.archive

import dev.rotolog.PeriodUnit
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.PeriodBoundaries
import dev.rotolog.rotation.RotationPeriod
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.OutputStream
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.time.ZoneOffset

/** One pass at a time on a real directory: what it compresses, repairs, deletes, and what it never touches. */
class ArchivePassTest :
    FunSpec({
        val clock = SettableClock(Instant.parse("2026-03-20T12:00:00Z"))

        class Setup(val dir: Path, val pass: ArchivePass, val counters: ArchiverCounters, val reports: List<String>)

        fun setup(
            compress: Boolean = true,
            retention: Retention = Retention.ALL,
            wrapOutput: (OutputStream) -> OutputStream = { it },
        ): Setup {
            val dir = tempdir().toPath()
            val counters = ArchiverCounters()
            val reports = ArrayList<String>()
            val status = StatusReporter(intervalNanos = 0, sink = { reports += it })
            val grid = PeriodBoundaries(RotationPeriod(1, PeriodUnit.HOURS), ZoneOffset.UTC)
            val pass =
                ArchivePass(
                    ArchiveDirectory(dir, ArchiveNaming("app.log", PeriodUnit.HOURS)),
                    compress,
                    RetentionPlanner(retention) { RetentionPlanner.periodEnd(grid, it) },
                    GzipCompressor(wrapOutput = wrapOutput),
                    clock,
                    status,
                    counters,
                )
            return Setup(dir, pass, counters, reports)
        }

        fun Setup.write(name: String, bytes: ByteArray): Path = dir.resolve(name).also { Files.write(it, bytes) }

        fun Setup.run(): Int = pass.run {}

        /** Files no pass may touch, with their content, planted next to the archives. */
        fun Setup.plantForeign(): Map<String, String> {
            val foreign =
                listOf(
                    "app.log",
                    "app.log.lock",
                    "app.log.archiver.lock",
                    "app.log.json",
                    "app.log.9999-99-99.gz",
                    "other.log",
                    "app.log.bak",
                    "other.2026-03-20_10.log",
                    "app.2026-03-20_10.txt",
                    "app.2026-02-30_10.log",
                    "app.2026-03-20_10.log.bak",
                    "app.log.bak.gz.part",
                    "app.2026-03-20_10.log.part",
                    "app.2026-03-20_1.log",
                )
            return foreign.associateWith { name -> sha256(write(name, "foreign $name\n".toByteArray())) }
        }

        fun Setup.shouldBeUntouched(foreign: Map<String, String>) {
            for ((name, hash) in foreign) sha256(dir.resolve(name)) shouldBe hash
        }

        test(
            "compresses every raw archive and touches nothing else: active file, lock files, other logs, look-alikes"
        ) {
            val s = setup()
            val foreign = s.plantForeign()
            val a = s.write("app.2026-03-20_09.log", logLikeBytes(300, 1))
            val b = s.write("app.2026-03-20_10.1.log", logLikeBytes(300, 2))
            val aBytes = Files.readAllBytes(a)
            val bBytes = Files.readAllBytes(b)
            s.run() shouldBe 0
            s.shouldBeUntouched(foreign)
            namesIn(s.dir) shouldBe
                (foreign.keys + listOf("app.2026-03-20_09.log.gz", "app.2026-03-20_10.1.log.gz")).sorted()
            gunzip(s.dir.resolve("app.2026-03-20_09.log.gz")).contentEquals(aBytes) shouldBe true
            gunzip(s.dir.resolve("app.2026-03-20_10.1.log.gz")).contentEquals(bBytes) shouldBe true
            s.counters.compressed.get() shouldBe 2

            // A second pass (here or in another process) finds nothing to do.
            val before = namesIn(s.dir).associateWith { sha256(s.dir.resolve(it)) }
            s.run() shouldBe 0
            namesIn(s.dir).associateWith { sha256(s.dir.resolve(it)) } shouldBe before
            s.counters.compressed.get() shouldBe 2
            s.counters.repaired.get() shouldBe 0
        }

        test("a stale .part (its writer died) is removed and the archive compressed again from the raw file") {
            val s = setup()
            val bytes = logLikeBytes(500, 3)
            s.write("app.2026-03-20_09.log", bytes)
            s.write("app.2026-03-20_09.log.gz.part", byteArrayOf(0x1f, 0x8b.toByte(), 8, 0))
            s.run() shouldBe 0
            namesIn(s.dir) shouldBe listOf("app.2026-03-20_09.log.gz")
            gunzip(s.dir.resolve("app.2026-03-20_09.log.gz")).contentEquals(bytes) shouldBe true
            s.counters.repaired.get() shouldBe 1
        }

        test("x beside a complete x.gz (killed after the rename) loses x; the .gz is kept as it is") {
            val s = setup()
            val bytes = logLikeBytes(500, 4)
            val raw = s.write("app.2026-03-20_09.log", bytes)
            GzipCompressor().compress(raw) {}
            val gzHash = sha256(s.dir.resolve("app.2026-03-20_09.log.gz"))
            s.run() shouldBe 0
            namesIn(s.dir) shouldBe listOf("app.2026-03-20_09.log.gz")
            sha256(s.dir.resolve("app.2026-03-20_09.log.gz")) shouldBe gzHash
            s.counters.repaired.get() shouldBe 1
            s.counters.compressed.get() shouldBe 0
        }

        test("x beside an incomplete x.gz: the .gz is deleted and made again; without compression x just stays") {
            for (compress in listOf(true, false)) {
                val s = setup(compress = compress)
                val bytes = logLikeBytes(2_000, 5)
                val raw = s.write("app.2026-03-20_09.log", bytes)
                GzipCompressor().compress(raw) {}
                val gz = s.dir.resolve("app.2026-03-20_09.log.gz")
                Files.write(gz, Files.readAllBytes(gz).let { it.copyOf(it.size - 100) })
                s.run() shouldBe 0
                if (compress) {
                    namesIn(s.dir) shouldBe listOf("app.2026-03-20_09.log.gz")
                    gunzip(gz).contentEquals(bytes) shouldBe true
                } else {
                    namesIn(s.dir) shouldBe listOf("app.2026-03-20_09.log")
                    Files.readAllBytes(raw).contentEquals(bytes) shouldBe true
                }
                s.counters.repaired.get() shouldBe 1
            }
        }

        test("a .part whose archive is gone entirely is removed") {
            val s = setup()
            s.write("app.2026-03-20_09.log.gz.part", ByteArray(10))
            s.run() shouldBe 0
            namesIn(s.dir) shouldBe emptyList()
        }

        test("a symlink at an archive name is neither compressed nor deleted, and its target is untouched") {
            val s = setup(retention = Retention(1, null, null))
            val elsewhere = tempdir().toPath().resolve("secret.log").also { Files.writeString(it, "secret\n") }
            Files.createSymbolicLink(s.dir.resolve("app.2026-03-20_08.log"), elsewhere)
            s.write("app.2026-03-20_09.log", logLikeBytes(10, 6))
            s.write("app.2026-03-20_10.log", logLikeBytes(10, 7))
            s.run() shouldBe 0
            namesIn(s.dir) shouldBe listOf("app.2026-03-20_08.log", "app.2026-03-20_10.log.gz")
            Files.isSymbolicLink(s.dir.resolve("app.2026-03-20_08.log")) shouldBe true
            Files.readString(elsewhere) shouldBe "secret\n"
        }

        test(
            "a FIFO at an archive's .gz.part or .gz name is never opened: that archive stays raw with a report, the others are compressed"
        ) {
            val s = setup()
            val partFifo = mkfifo(s.dir.resolve("app.2026-03-20_08.log.gz.part"))
            val gzFifo = mkfifo(s.dir.resolve("app.2026-03-20_09.log.gz"))
            val raws =
                (8..11).associate { h ->
                    "app.2026-03-20_%02d.log".format(h).let { it to sha256(s.write(it, logLikeBytes(100, h))) }
                }

            notBlockedBy(listOf(partFifo, gzFifo)) { s.run() } shouldBe 0

            namesIn(s.dir) shouldBe
                listOf(
                    "app.2026-03-20_08.log",
                    "app.2026-03-20_08.log.gz.part",
                    "app.2026-03-20_09.log",
                    "app.2026-03-20_09.log.gz",
                    "app.2026-03-20_10.log.gz",
                    "app.2026-03-20_11.log.gz",
                )
            for (fifo in listOf(partFifo, gzFifo)) {
                Files.readAttributes(
                        fifo,
                        java.nio.file.attribute.BasicFileAttributes::class.java,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS,
                    )
                    .isOther shouldBe true
            }
            for (h in listOf("08", "09")) sha256(s.dir.resolve("app.2026-03-20_$h.log")) shouldBe
                raws.getValue("app.2026-03-20_$h.log")
            s.reports.single { partFifo.toString() in it } shouldContain "cannot compress app.2026-03-20_08.log"
            s.reports.single { gzFifo.toString() in it } shouldContain "cannot compress app.2026-03-20_09.log"
            s.counters.compressed.get() shouldBe 2
        }

        test(
            "a full disk keeps the raw archive and no .part, reports, stops compressing, still applies retention; the next pass succeeds"
        ) {
            var full = true
            val s =
                setup(
                    retention = Retention(2, null, null),
                    wrapOutput = { if (full) FullDiskStream(it, 1_000) else it },
                )
            val oldest = s.write("app.2026-03-20_08.log", logLikeBytes(2_000, 8))
            val bytes =
                (9..10).map { h ->
                    Files.readAllBytes(s.write("app.2026-03-20_%02d.log".format(h), logLikeBytes(2_000, h)))
                }
            s.run() shouldBe 1
            Files.exists(oldest) shouldBe false // retention freed space although compression failed
            namesIn(s.dir) shouldBe listOf("app.2026-03-20_09.log", "app.2026-03-20_10.log")
            s.counters.compressionFailures.get() shouldBe 1
            s.reports.single { "cannot compress" in it } shouldContain "No space left on device"

            full = false
            s.run() shouldBe 0
            namesIn(s.dir) shouldBe listOf("app.2026-03-20_09.log.gz", "app.2026-03-20_10.log.gz")
            gunzip(s.dir.resolve("app.2026-03-20_09.log.gz")).contentEquals(bytes[0]) shouldBe true
            gunzip(s.dir.resolve("app.2026-03-20_10.log.gz")).contentEquals(bytes[1]) shouldBe true
        }

        test("retention deletes raw and compressed files of an archive alike, and runs without compression too") {
            val s = setup(compress = false, retention = Retention(1, null, null))
            val foreign = s.plantForeign()
            s.write("app.2026-03-20_08.log.gz", ByteArray(10))
            s.write("app.2026-03-20_09.log", ByteArray(10))
            s.write("app.2026-03-20_10.log", ByteArray(10))
            s.run() shouldBe 0
            s.shouldBeUntouched(foreign)
            namesIn(s.dir) shouldBe (foreign.keys + "app.2026-03-20_10.log").sorted()
            s.counters.deleted.get() shouldBe 2
        }
    })
