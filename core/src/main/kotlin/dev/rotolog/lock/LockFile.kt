package dev.rotolog.lock

import dev.rotolog.internal.LockFilePermissions
import dev.rotolog.status.StatusReporter
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.locks.ReentrantLock

/**
 * The sidecar lock file of one log (`app.log.lock`): the cross-process lock and the [SharedState] it carries.
 *
 * There is exactly one instance per lock file per JVM (see [LockFiles]) because a POSIX record lock belongs to
 * the whole process: a second `lock()` in the same JVM throws, and closing *any* channel on the file drops the
 * lock. So the lock file is opened only here, and its state is read and written only through [channel].
 * An in-JVM [ReentrantLock] serialises the threads of this JVM (writer, ticker, archiver) before the file lock.
 */
internal class LockFile(val path: Path, private val status: StatusReporter) {
    private val jvmLock = ReentrantLock()
    private var channel: FileChannel? = null
    private var fileKey: Any? = null
    private var held: FileLock? = null
    private val stateBuffer = ByteBuffer.allocate(4096)

    /** Nanoseconds the last [withLock] waited for the lock (in-JVM and cross-process together). */
    var lastWaitNanos: Long = 0
        private set

    /**
     * Runs [block] holding the in-JVM lock and the cross-process lock. Blocks the calling thread, so call it
     * only from rotolog's own threads (an interrupt inside `FileChannel` I/O would close the channel).
     */
    fun <T> withLock(block: (LockFile) -> T): T {
        val start = System.nanoTime()
        jvmLock.lock()
        try {
            held = acquireFileLock()
            lastWaitNanos = System.nanoTime() - start
            try {
                return block(this)
            } finally {
                val lock = held
                held = null
                try {
                    lock?.release()
                } catch (e: Exception) {
                    status.report("lock-release:$path", "could not release the lock on $path", e)
                    closeChannel()
                }
            }
        } finally {
            jvmLock.unlock()
        }
    }

    /** True while another thread of this JVM waits for the lock (tests use it to know a writer is stalled). */
    fun hasWaiters(): Boolean = jvmLock.hasQueuedThreads()

    /** Reads the shared state; only while the lock is held. */
    fun readState(): SharedState {
        val ch = checkHeld()
        val size = ch.size()
        if (size > stateBuffer.capacity()) throw SharedState.UnreadableStateException("state record of $size bytes")
        stateBuffer.clear().limit(size.toInt())
        while (stateBuffer.hasRemaining()) {
            if (ch.read(stateBuffer, stateBuffer.position().toLong()) < 0) break
        }
        return SharedState.Codec.decode(stateBuffer.array().copyOf(stateBuffer.position()))
    }

    /** Replaces the shared state; only while the lock is held. */
    fun writeState(state: SharedState) {
        val ch = checkHeld()
        val buffer = ByteBuffer.wrap(state.encode())
        var position = 0L
        while (buffer.hasRemaining()) position += ch.write(buffer, position)
        ch.truncate(position)
    }

    /** Closes the channel, which also drops the lock; called when the last user of this lock file is gone. */
    fun close() {
        jvmLock.lock()
        try {
            closeChannel()
        } finally {
            jvmLock.unlock()
        }
    }

    private fun checkHeld(): FileChannel {
        check(jvmLock.isHeldByCurrentThread && held != null) { "the lock on $path is not held" }
        return channel!!
    }

    private fun acquireFileLock(): FileLock {
        while (true) {
            val ch = channel ?: open()
            val lock = ch.lock()
            // Someone may have deleted or replaced the lock file; a newcomer would then lock another inode.
            if (fileKeyAt(path) == fileKey) return lock
            status.report("lock-replaced:$path", "lock file $path was deleted or replaced; locking the new one")
            lock.release()
            closeChannel()
        }
    }

    private fun open(): FileChannel {
        path.parent?.let { Files.createDirectories(it) }
        // Created with the target's permissions from the first moment (never wider, whatever the umask).
        val ch =
            openLockFileChannel(path, LockFilePermissions.of(path))
        channel = ch
        fileKey = fileKeyAt(path)
        return ch
    }

    private fun closeChannel() {
        try {
            channel?.close()
        } catch (_: Exception) {
            // Closing releases the lock in any case; nothing else to do.
        }
        channel = null
        fileKey = null
    }
}
