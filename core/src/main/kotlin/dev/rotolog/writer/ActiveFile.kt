package dev.rotolog.writer

import dev.rotolog.internal.FilePermissions
import dev.rotolog.lock.fileKeyAt
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermission

/**
 * The active log file as one writer has it open, used only while the cross-process lock is held.
 *
 * Records are **appended** (`O_APPEND`), never written at a position read earlier: logrotate's `copytruncate` truncates
 * the file without taking our lock, and a positional write after such a truncate would leave a hole of NUL bytes;
 * appends also keep two writers that both believe they hold "the lock" (someone deleted the lock file between their
 * lock calls) from overwriting each other. An append channel cannot read, so a second, read-only channel on the same
 * file reads the tail for the torn-record check.
 *
 * Every I/O error names the log file, so a report says which file is at fault.
 */
internal class ActiveFile(
    private val path: Path,
    private val io: LogFileIo,
    /** The target's file mode: a directory deleted while running is made again with it (plus `x` where `r` is). */
    private val permissions: Set<PosixFilePermission>?,
) {
    private var appender: FileChannel? = null
    private var reader: FileChannel? = null
    private var key: Any? = null
    private val oneByte = ByteBuffer.allocate(1)

    /**
     * Makes sure the open file is the one [path] names now (reopening after an external `mv`, `rm` or a file put in its
     * place) and returns its size. A symlink planted at the name is never opened.
     */
    fun openCurrent(): Long {
        val keyAtPath = named("cannot check") { fileKeyAt(path) }
        if (appender == null || keyAtPath == null || keyAtPath != key) reopen()
        return size()
    }

    fun size(): Long = named("cannot read the size of") { appender!!.size() }

    /**
     * A writer killed in the middle of a write leaves an incomplete last record. Cuts it off, so it is not glued to the
     * next record; the dead process's complete records stay. Returns the bytes cut (0 when none).
     */
    fun cutTornTail(size: Long): Long {
        if (size == 0L || lastByte(size) == NEWLINE) return 0
        val ch = reader!!
        var end = size - 1
        val chunk = ByteBuffer.allocate(TAIL_SCAN_CHUNK)
        var keep = 0L
        named("cannot repair the end of") {
            scan@ while (end > 0) {
                val from = (end - TAIL_SCAN_CHUNK).coerceAtLeast(0)
                chunk.clear().limit((end - from).toInt())
                while (chunk.hasRemaining()) if (ch.read(chunk, from + chunk.position()) < 0) break
                for (i in chunk.position() - 1 downTo 0) {
                    if (chunk.get(i) == NEWLINE) {
                        keep = from + i + 1
                        break@scan
                    }
                }
                end = from
            }
            appender!!.truncate(keep)
        }
        return size - keep
    }

    /**
     * Appends all of [data]. On failure the file is cut back to [sizeBefore] (the size read under the lock before this
     * append), so no partial record stays behind, and the failure is rethrown for the caller to retry. A cut only ever
     * shrinks the file: if `copytruncate` emptied it meanwhile, nothing is extended.
     */
    fun append(data: ByteBuffer, sizeBefore: Long) {
        val ch = appender!!
        try {
            while (data.hasRemaining()) ch.write(data)
        } catch (failure: IOException) {
            try {
                ch.truncate(sizeBefore)
            } catch (truncateFailure: IOException) {
                failure.addSuppressed(truncateFailure)
            }
            throw IOException("cannot append to $path: ${failure.javaClass.simpleName}: ${failure.message}", failure)
        }
    }

    fun force() {
        named("cannot force") { appender!!.force(false) }
    }

    /** Forgets the open file (after it was renamed to an archive, or when the writer stops). */
    fun close(): IOException? {
        var failure: IOException? = null
        for (ch in listOf(appender, reader)) {
            try {
                ch?.close()
            } catch (e: IOException) {
                failure = e
            }
        }
        appender = null
        reader = null
        key = null
        return failure
    }

    private fun reopen() {
        close()?.let { throw IOException("cannot close $path: ${it.message}", it) }
        named("cannot open") {
            path.parent?.let { FilePermissions.createDirectories(it, permissions) }
            val opened = io.open(path)
            appender = opened
            val keyAfterOpen = fileKeyAt(path)
            val read = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)
            reader = read
            // Both channels must be on one file: the name was not replaced between the two opens.
            if (keyAfterOpen == null || keyAfterOpen != fileKeyAt(path)) {
                close()
                throw IOException("the file was replaced while it was being opened")
            }
            key = keyAfterOpen
        }
    }

    private fun lastByte(size: Long): Byte {
        oneByte.clear()
        named("cannot read the end of") { reader!!.read(oneByte, size - 1) }
        return oneByte.get(0)
    }

    private inline fun <T> named(what: String, block: () -> T): T =
        try {
            block()
        } catch (e: IOException) {
            throw IOException("$what $path: ${e.javaClass.simpleName}: ${e.message}", e)
        }

    private companion object {
        const val NEWLINE = '\n'.code.toByte()
        const val TAIL_SCAN_CHUNK = 64 * 1024
    }
}
