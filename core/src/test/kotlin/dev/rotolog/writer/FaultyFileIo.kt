package dev.rotolog.writer

import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Opens real files, but while [full] is set every write stores at most a few bytes and then fails as a full disk does
 * (a short write followed by ENOSPC), so the writer's truncate-and-retry path runs for real. It also records the name
 * of every thread that touched the file.
 */
class FaultyFileIo : LogFileIo {
    val full = AtomicBoolean(false)
    val threads: MutableSet<String> = ConcurrentHashMap.newKeySet()

    override fun open(path: Path): FileChannel =
        object : ForwardingFileChannel(LogFileIo.withPermissions(null).open(path)) {
            override fun touched() {
                threads += Thread.currentThread().name
            }

            private var attempts = 0

            override fun write(src: ByteBuffer): Int {
                touched()
                if (!full.get()) return delegate.write(src)
                if (src.remaining() > SHORT_WRITE && attempts++ % 2 == 0) {
                    // A short write: part of the batch lands before the disk is "full".
                    val part = src.duplicate().apply { limit(position() + SHORT_WRITE) }
                    val written = delegate.write(part)
                    src.position(src.position() + written)
                    return written
                }
                throw IOException("No space left on device (simulated)")
            }

            // The writer must only append: a positional write could leave NULs after an external truncate.
            override fun write(src: ByteBuffer, position: Long): Int =
                throw AssertionError("positional write at $position: the active file must only be appended to")
        }

    private companion object {
        const val SHORT_WRITE = 7
    }
}
