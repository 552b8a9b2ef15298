package dev.rotolog.archive

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import java.io.IOException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

class GzipCompressorTest :
    FunSpec({
        val noStop: () -> Unit = {}

        fun rawArchive(dir: Path, bytes: ByteArray, name: String = "app.2026-03-20_10.log"): Path =
            dir.resolve(name).also { Files.write(it, bytes) }

        test("writes x.gz that decompresses to exactly x, leaves x for the caller, and no .part") {
            val dir = tempdir().toPath()
            val bytes = logLikeBytes(20_000, 1) // several MB: many deflate chunks
            val raw = rawArchive(dir, bytes)
            val size = GzipCompressor().compress(raw, noStop)
            val gz = dir.resolve("app.2026-03-20_10.log.gz")
            gunzip(gz).contentEquals(bytes) shouldBe true
            size shouldBe Files.size(gz)
            namesIn(dir) shouldBe listOf("app.2026-03-20_10.log", "app.2026-03-20_10.log.gz")
            if (gzipProgram != null) gzipTest(gz) shouldBe null
        }

        test("an empty archive gives a valid, empty gzip file") {
            val dir = tempdir().toPath()
            val raw = rawArchive(dir, ByteArray(0))
            GzipCompressor().compress(raw, noStop)
            gunzip(dir.resolve("app.2026-03-20_10.log.gz")).size shouldBe 0
            if (gzipProgram != null) gzipTest(dir.resolve("app.2026-03-20_10.log.gz")) shouldBe null
        }

        test("the .gz gets the raw archive's permissions, or the configured ones") {
            val dir = tempdir().toPath()
            val raw = rawArchive(dir, logLikeBytes(10, 2))
            Files.setPosixFilePermissions(raw, PosixFilePermissions.fromString("rw-r-----"))
            GzipCompressor().compress(raw, noStop)
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("${raw.fileName}.gz"))) shouldBe
                "rw-r-----"

            val other = rawArchive(dir, logLikeBytes(10, 3), "app.2026-03-20_11.log")
            GzipCompressor(permissions = PosixFilePermissions.fromString("rw-------")).compress(other, noStop)
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("${other.fileName}.gz"))) shouldBe
                "rw-------"
        }

        test("a symlink planted at the .part name is not followed: the compression fails and its target is untouched") {
            val dir = tempdir().toPath()
            val raw = rawArchive(dir, logLikeBytes(100, 4))
            val victim = dir.resolve("victim.txt").also { Files.writeString(it, "precious") }
            Files.createSymbolicLink(dir.resolve("${raw.fileName}.gz.part"), victim)
            shouldThrow<FileAlreadyExistsException> { GzipCompressor().compress(raw, noStop) }
            Files.readString(victim) shouldBe "precious"
            Files.exists(dir.resolve("${raw.fileName}.gz")) shouldBe false
            Files.size(raw) shouldBe logLikeBytes(100, 4).size.toLong()
        }

        test("an existing x.gz is never replaced: the compression fails, removes its .part and keeps both files") {
            val dir = tempdir().toPath()
            val raw = rawArchive(dir, logLikeBytes(100, 5))
            val gz = dir.resolve("${raw.fileName}.gz").also { Files.writeString(it, "someone else's") }
            shouldThrow<FileAlreadyExistsException> { GzipCompressor().compress(raw, noStop) }
            Files.readString(gz) shouldBe "someone else's"
            namesIn(dir) shouldBe listOf(raw.fileName.toString(), gz.fileName.toString())
        }

        test("a full disk while writing leaves the raw archive whole and no .part, and rethrows") {
            val dir = tempdir().toPath()
            val bytes = logLikeBytes(20_000, 6)
            val raw = rawArchive(dir, bytes)
            val failing = GzipCompressor(wrapOutput = { FullDiskStream(it, 100_000) })
            shouldThrow<IOException> { failing.compress(raw, noStop) }.message shouldBe "No space left on device"
            namesIn(dir) shouldBe listOf(raw.fileName.toString())
            Files.readAllBytes(raw).contentEquals(bytes) shouldBe true
        }

        test("a checkpoint that throws (cancellation) removes the .part and keeps the raw archive") {
            val dir = tempdir().toPath()
            val raw = rawArchive(dir, logLikeBytes(20_000, 7))
            var chunks = 0
            shouldThrow<IllegalStateException> { GzipCompressor().compress(raw) { if (++chunks == 3) error("stop") } }
            namesIn(dir) shouldBe listOf(raw.fileName.toString())
        }

        test("a FIFO is never opened, as the raw archive or as the .gz to compare with: each fails at once") {
            val dir = tempdir().toPath()
            val fifoRaw = mkfifo(dir.resolve("app.2026-03-20_10.log"))
            notBlockedBy(listOf(fifoRaw)) {
                shouldThrow<NotRegularFileException> { GzipCompressor().compress(fifoRaw, noStop) }
            }
            namesIn(dir) shouldBe listOf("app.2026-03-20_10.log") // no .part left behind

            val raw = rawArchive(dir, logLikeBytes(10, 7), "app.2026-03-20_11.log")
            val fifoGz = mkfifo(dir.resolve("app.2026-03-20_11.log.gz"))
            notBlockedBy(listOf(fifoGz)) {
                shouldThrow<NotRegularFileException> { GzipCompressor().sameContent(raw, fifoGz, noStop) }
            }
        }

        test(
                "a .gz whose header is not gzip gives false and leaves no file open (the stream is closed when GZIPInputStream fails)"
            )
            .config(enabled = Files.isDirectory(Path.of("/proc/self/fd"))) {
                val dir = tempdir().toPath()
                val raw = rawArchive(dir, logLikeBytes(10, 8))
                val notGzip = dir.resolve("${raw.fileName}.gz").also { Files.writeString(it, "not gzip at all") }
                val empty = dir.resolve("other.gz").also { Files.write(it, ByteArray(0)) }
                for (gz in listOf(notGzip, empty)) GzipCompressor().sameContent(raw, gz, noStop) shouldBe false

                val targets = setOf(notGzip.toRealPath().toString(), empty.toRealPath().toString())
                val open =
                    Files.list(Path.of("/proc/self/fd")).use { fds ->
                        fds.toList()
                            .mapNotNull { fd -> runCatching { Files.readSymbolicLink(fd).toString() }.getOrNull() }
                            .filter { it in targets }
                    }
                open shouldBe emptyList()
            }

        test("sameContent accepts only a complete .gz of exactly the raw bytes") {
            val dir = tempdir().toPath()
            val bytes = logLikeBytes(5_000, 8)
            val raw = rawArchive(dir, bytes)
            val compressor = GzipCompressor()
            compressor.compress(raw, noStop)
            val gz = dir.resolve("${raw.fileName}.gz")
            val complete = Files.readAllBytes(gz)
            compressor.sameContent(raw, gz, noStop) shouldBe true

            Files.write(gz, complete.copyOf(complete.size - 4)) // trailer cut short
            compressor.sameContent(raw, gz, noStop) shouldBe false
            Files.write(gz, complete.copyOf(complete.size / 2))
            compressor.sameContent(raw, gz, noStop) shouldBe false
            Files.write(gz, ByteArray(0))
            compressor.sameContent(raw, gz, noStop) shouldBe false
            Files.write(gz, complete.copyOf().also { it[it.size / 2] = (it[it.size / 2] + 1).toByte() })
            compressor.sameContent(raw, gz, noStop) shouldBe false

            // A complete gzip file of other bytes (the raw archive grew, or a stranger's file) is not a match either.
            Files.write(gz, complete)
            Files.write(raw, bytes + "one more line\n".toByteArray())
            compressor.sameContent(raw, gz, noStop) shouldBe false
        }
    })
