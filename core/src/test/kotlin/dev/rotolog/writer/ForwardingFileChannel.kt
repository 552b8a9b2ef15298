package dev.rotolog.writer

import java.nio.ByteBuffer
import java.nio.MappedByteBuffer
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.channels.ReadableByteChannel
import java.nio.channels.WritableByteChannel

/** A FileChannel that forwards to a real one; tests override the calls they want to fail or observe. */
open class ForwardingFileChannel(protected val delegate: FileChannel) : FileChannel() {
    protected open fun touched() {}

    override fun read(dst: ByteBuffer): Int = touched().let { delegate.read(dst) }

    override fun read(dsts: Array<out ByteBuffer>, offset: Int, length: Int): Long =
        touched().let { delegate.read(dsts, offset, length) }

    override fun write(src: ByteBuffer): Int = touched().let { delegate.write(src) }

    override fun write(srcs: Array<out ByteBuffer>, offset: Int, length: Int): Long =
        touched().let { delegate.write(srcs, offset, length) }

    override fun position(): Long = touched().let { delegate.position() }

    override fun position(newPosition: Long): FileChannel = apply {
        touched()
        delegate.position(newPosition)
    }

    override fun size(): Long = touched().let { delegate.size() }

    override fun truncate(size: Long): FileChannel = apply {
        touched()
        delegate.truncate(size)
    }

    override fun force(metaData: Boolean) {
        touched()
        delegate.force(metaData)
    }

    override fun transferTo(position: Long, count: Long, target: WritableByteChannel): Long =
        touched().let { delegate.transferTo(position, count, target) }

    override fun transferFrom(src: ReadableByteChannel, position: Long, count: Long): Long =
        touched().let { delegate.transferFrom(src, position, count) }

    override fun read(dst: ByteBuffer, position: Long): Int = touched().let { delegate.read(dst, position) }

    override fun write(src: ByteBuffer, position: Long): Int = touched().let { delegate.write(src, position) }

    override fun map(mode: MapMode, position: Long, size: Long): MappedByteBuffer = delegate.map(mode, position, size)

    override fun lock(position: Long, size: Long, shared: Boolean): FileLock = delegate.lock(position, size, shared)

    override fun tryLock(position: Long, size: Long, shared: Boolean): FileLock? =
        delegate.tryLock(position, size, shared)

    override fun implCloseChannel() {
        delegate.close()
    }
}
