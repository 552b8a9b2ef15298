package dev.rotolog.archive

import java.io.IOException
import java.io.OutputStream
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.TimeUnit
import java.util.zip.GZIPInputStream
import kotlin.random.Random

/** A wall clock a test sets by hand. */
class SettableClock(@Volatile var now: Instant) : Clock() {
    override fun instant(): Instant = now

    override fun getZone(): ZoneId = ZoneOffset.UTC

    override fun withZone(zone: ZoneId?): Clock = this
}

/** Bytes that compress somewhat, like log lines: [lines] lines of words from a seeded generator. */
fun logLikeBytes(lines: Int, seed: Int): ByteArray {
    val random = Random(seed)
    val words = listOf("GET", "POST", "/api/orders", "200", "404", "user=", "took", "ms", "INFO", "WARN", "db", "cache")
    return buildString {
            repeat(lines) { i ->
                append("2026-03-20T10:00:00.").append(i % 1000).append(" INFO  ")
                repeat(random.nextInt(3, 12)) {
                    append(words[random.nextInt(words.size)]).append(random.nextInt(1000)).append(' ')
                }
                append('\n')
            }
        }
        .toByteArray()
}

fun gunzip(file: Path): ByteArray = GZIPInputStream(Files.newInputStream(file)).use { it.readBytes() }

fun sha256(file: Path): String =
    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)).joinToString("") { "%02x".format(it) }

/** The names in [dir], sorted. */
fun namesIn(dir: Path): List<String> = Files.list(dir).use { s -> s.map { it.fileName.toString() }.sorted().toList() }

/** The real `gzip` program, or null when this machine has none. */
val gzipProgram: String? = listOf("/usr/bin/gzip", "/bin/gzip").firstOrNull { Files.isExecutable(Path.of(it)) }

/** Runs `gzip -t` on [file]: null when it passes, else its output. */
fun gzipTest(file: Path): String? {
    val process = ProcessBuilder(gzipProgram!!, "-t", file.toString()).redirectErrorStream(true).start()
    val output = process.inputStream.readBytes().toString(Charsets.UTF_8)
    check(process.waitFor(60, TimeUnit.SECONDS)) { "gzip -t did not finish" }
    return if (process.exitValue() == 0) null else "exit ${process.exitValue()}: $output"
}

/** An output stream that fails like a full disk once [allowed] bytes went through. */
class FullDiskStream(private val out: OutputStream, private val allowed: Long) : OutputStream() {
    var written = 0L
        private set

    override fun write(b: Int) = write(byteArrayOf(b.toByte()), 0, 1)

    override fun write(b: ByteArray, off: Int, len: Int) {
        if (written + len > allowed) throw IOException("No space left on device")
        out.write(b, off, len)
        written += len
    }

    override fun flush() = out.flush()

    override fun close() = out.close()
}

/** Makes a FIFO at [path] with the `mkfifo` program. */
fun mkfifo(path: Path): Path {
    val process = ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start()
    val output = process.inputStream.readBytes().toString(Charsets.UTF_8)
    check(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) { "mkfifo $path failed: $output" }
    return path
}

/**
 * Runs [block] on a thread of its own and returns its result, or fails if it has not finished within 10 s: then it is
 * blocked, most likely in `open` of one of [fifos], and opening each of them for reading and writing (which never
 * blocks on Linux) releases it so that the thread ends.
 */
fun <T> notBlockedBy(fifos: List<Path>, block: () -> T): T {
    val result = java.util.concurrent.CompletableFuture<T>()
    val worker = Thread {
        try {
            result.complete(block())
        } catch (e: Throwable) {
            result.completeExceptionally(e)
        }
    }
    worker.isDaemon = true
    worker.start()
    try {
        return result.get(10, TimeUnit.SECONDS)
    } catch (_: java.util.concurrent.TimeoutException) {
        for (fifo in fifos) {
            runCatching {
                java.nio.channels.FileChannel.open(
                        fifo,
                        java.nio.file.StandardOpenOption.READ,
                        java.nio.file.StandardOpenOption.WRITE,
                    )
                    .close()
            }
        }
        throw AssertionError("still blocked after 10 s (on a FIFO: ${fifos.joinToString()})")
    } catch (e: java.util.concurrent.ExecutionException) {
        throw e.cause!!
    }
}
