package dev.rotolog.writer

import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Opens real files, but while [full] is set every write stores at most a few bytes and then fails as a full
 * disk does (a short write followed by ENOSPC), so the writer's truncate-and-retry path runs for real.
 * It also records the name of every thread that touched the file.
 */
class FaultyFileIo : LogFileIo {
    val full = AtomicBoolean(false)
    val threads: MutableSet<String> = ConcurrentHashMap.newKeySet()

    override fun open(path: Path): FileChannel =
        object : ForwardingFileChannel(LogFileIo.Default.open(path)) {
            override fun touched() {
                threads += Thread.currentThread().name
            }

            override fun write(src: ByteBuffer, position: Long): Int {
                touched()
                if (!full.get()) return delegate.write(src, position)
                if (src.remaining() > SHORT_WRITE && position % 2 == 0L) {
                    // A short write: part of the batch lands before the disk is "full".
                    val part = src.duplicate().apply { limit(position() + SHORT_WRITE) }
                    val written = delegate.write(part, position)
                    src.position(src.position() + written)
                    return written
                }
                throw IOException("No space left on device (simulated)")
            }
        }

    private companion object {
        const val SHORT_WRITE = 7
    }
}
