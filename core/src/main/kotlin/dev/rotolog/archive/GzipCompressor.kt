package dev.rotolog.archive

import dev.rotolog.internal.FilePermissions
import dev.rotolog.rotation.ArchiveName
import java.io.IOException
import java.io.OutputStream
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.FileAlreadyExistsException
import java.nio.file.FileSystemException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.BasicFileAttributes
import java.nio.file.attribute.PosixFilePermission
import java.util.zip.CRC32
import java.util.zip.GZIPInputStream

/**
 * Compresses one closed archive `x` into `x.gz` so that a crash at any point leaves either the complete raw archive, or
 * a complete `x.gz` (with or without `x` beside it), plus at most a `x.gz.part` to delete:
 * 1. create `x.gz.part` with CREATE_NEW (a planted file or symlink at that name makes it fail, never followed) with
 *    exactly the permissions of `x` (or [permissions]) from its first moment (see [FilePermissions]), and write the
 *    gzip data into it;
 * 2. fsync it, then give it the name `x.gz` without ever replacing a file (a hard link, which fails on an existing
 *    name, then removing the `.part` name; where hard links are not supported, a move without REPLACE_EXISTING), and
 *    fsync the directory. Deleting `x` is the caller's step, after [compress] returned.
 *
 * Call it only while holding the archiver lock ([Archiver.lockPath]): the lock, not this class, keeps two compressions
 * of one archive apart.
 *
 * Existing files are opened only after a look (without following links) shows a regular file ([NotRegularFileException]
 * otherwise), and new names are created with CREATE_NEW, which fails on any existing name without opening it; so a FIFO
 * planted at one of the names never blocks the archiver. Limits: a regular file swapped for a FIFO between that look
 * and the open (microseconds) can still block it.
 */
internal class GzipCompressor(
    /** The permissions of new `.gz` files; null gives each the permissions of its raw archive. */
    private val permissions: Set<PosixFilePermission>? = null,
    /** Wraps the stream into the `.part` file; tests put a failing stream here. */
    private val wrapOutput: (OutputStream) -> OutputStream = { it },
    /** Told when the `.part` file has its first chunk ([ArchiveStep.PART_CREATED]). */
    private val onStep: (ArchiveStep, Path) -> Unit = ArchivePass.NO_STEPS,
) {
    /**
     * Writes `x.gz` for the raw archive [raw] and returns its size; [checkpoint] is called between chunks and may throw
     * to abandon the work (cancellation). On any failure the `.part` file is removed, [raw] is untouched and the
     * exception is rethrown. [FileAlreadyExistsException] means `x.gz` or `x.gz.part` existed already.
     */
    fun compress(raw: Path, checkpoint: () -> Unit): Long {
        val gz = raw.resolveSibling(raw.fileName.toString() + ArchiveName.GZ)
        val part = raw.resolveSibling(raw.fileName.toString() + ArchiveName.GZ + ArchiveGroup.PART)
        val channel =
            FilePermissions.createNew(part, permissionsFor(raw), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
        try {
            var chunks = 0
            writeGzip(raw, channel) {
                if (chunks++ == 0) onStep(ArchiveStep.PART_CREATED, part)
                checkpoint()
            }
            channel.force(true)
        } catch (failure: Throwable) {
            closeAfterFailure(channel, failure)
            deleteAfterFailure(part, failure)
            throw failure
        }
        channel.close()
        try {
            publish(part, gz)
        } catch (failure: IOException) {
            deleteAfterFailure(part, failure)
            throw failure
        }
        syncDirectory(raw.parent)
        return Files.size(gz)
    }

    /**
     * Whether [gz] is a complete gzip file (every member's CRC and length check out) whose content is exactly [raw]'s.
     * A `.gz` that is cut short or corrupt gives false; a failure to read [raw] throws.
     */
    fun sameContent(raw: Path, gz: Path, checkpoint: () -> Unit): Boolean {
        val rawSum = Checksum()
        requireRegularFile(raw)
        Files.newInputStream(raw, LinkOption.NOFOLLOW_LINKS).use { rawSum.readAll(it, checkpoint) }
        val gzSum = Checksum()
        try {
            requireRegularFile(gz)
            // Opened apart from the GZIPInputStream: its constructor reads the header and throws on a bad one, and
            // the file must be closed then too.
            Files.newInputStream(gz, LinkOption.NOFOLLOW_LINKS).use { input ->
                GZIPInputStream(input, BUFFER_SIZE).use { gzSum.readAll(it, checkpoint) }
            }
        } catch (_: NoSuchFileException) {
            return false
        } catch (notRegular: NotRegularFileException) {
            throw notRegular
        } catch (_: IOException) {
            // EOFException (cut short) or ZipException (corrupt data, CRC or length mismatch in the trailer).
            return false
        }
        return rawSum.length == gzSum.length && rawSum.crc.value == gzSum.crc.value
    }

    private fun writeGzip(raw: Path, channel: FileChannel, checkpoint: () -> Unit) {
        val sink = wrapOutput(ChannelOutputStream(channel))
        GzipWriter(sink).use { gzip ->
            requireRegularFile(raw)
            FileChannel.open(raw, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS).use { input ->
                val buffer = ByteBuffer.allocate(BUFFER_SIZE)
                while (true) {
                    buffer.clear()
                    val n = input.read(buffer)
                    if (n < 0) break
                    gzip.write(buffer.array(), 0, n)
                    checkpoint()
                }
            }
            gzip.finish()
        }
    }

    /** The mode of the new `.gz`: the configured one, else the raw archive's; null where there are no POSIX modes. */
    private fun permissionsFor(raw: Path): Set<PosixFilePermission>? {
        if ("posix" !in raw.fileSystem.supportedFileAttributeViews()) return null
        return permissions ?: FilePermissions.of(raw)
    }

    /** Gives [part]'s file the name [gz], failing with [FileAlreadyExistsException] rather than replacing. */
    private fun publish(part: Path, gz: Path) {
        try {
            Files.createLink(gz, part)
        } catch (exists: FileAlreadyExistsException) {
            throw exists
        } catch (_: UnsupportedOperationException) {
            Files.move(part, gz)
            return
        } catch (_: FileSystemException) {
            // No hard links on this file system (EPERM, EXDEV...): a move without REPLACE_EXISTING checks first.
            Files.move(part, gz)
            return
        }
        Files.delete(part)
    }

    private class Checksum {
        val crc = CRC32()
        var length = 0L

        fun readAll(input: java.io.InputStream, checkpoint: () -> Unit) {
            val buffer = ByteArray(BUFFER_SIZE)
            while (true) {
                val n = input.read(buffer)
                if (n < 0) return
                crc.update(buffer, 0, n)
                length += n
                checkpoint()
            }
        }
    }

    /** Writes every byte to the channel (looping over short writes); closing it leaves the channel open. */
    private class ChannelOutputStream(private val channel: FileChannel) : OutputStream() {
        override fun write(b: Int) {
            write(byteArrayOf(b.toByte()), 0, 1)
        }

        override fun write(b: ByteArray, off: Int, len: Int) {
            val buffer = ByteBuffer.wrap(b, off, len)
            while (buffer.hasRemaining()) channel.write(buffer)
        }
    }

    internal companion object {
        const val BUFFER_SIZE: Int = 64 * 1024

        /** Makes renames and deletions in [dir] durable; a no-op where directories cannot be opened. */
        fun syncDirectory(dir: Path) {
            try {
                FileChannel.open(dir, StandardOpenOption.READ).use { it.force(true) }
            } catch (_: IOException) {
                // Not supported on this platform or file system; the file data itself was synced.
            }
        }

        /**
         * Throws [NotRegularFileException] unless [path] is a regular file, looked at without following a symlink. Java
         * cannot open with `O_NONBLOCK`, and opening a FIFO for reading blocks until a writer comes, which would hold
         * the archiver lock for good; so the type is checked right before each open of an existing file.
         */
        fun requireRegularFile(path: Path) {
            val attributes = Files.readAttributes(path, BasicFileAttributes::class.java, LinkOption.NOFOLLOW_LINKS)
            if (!attributes.isRegularFile) throw NotRegularFileException(path)
        }

        private fun closeAfterFailure(channel: FileChannel, failure: Throwable) {
            try {
                channel.close()
            } catch (e: IOException) {
                failure.addSuppressed(e)
            }
        }

        private fun deleteAfterFailure(part: Path, failure: Throwable) {
            try {
                Files.deleteIfExists(part)
            } catch (e: IOException) {
                failure.addSuppressed(e)
            }
        }
    }
}
