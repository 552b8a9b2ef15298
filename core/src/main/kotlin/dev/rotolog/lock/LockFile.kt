package dev.rotolog.lock

import dev.rotolog.internal.FilePermissions
import dev.rotolog.status.StatusReporter
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.ClosedChannelException
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock

/**
 * A sidecar lock file of one log, never renamed or deleted by rotolog: the writers' `app.log.lock`, which also carries
 * the [SharedState], and the archivers' `app.log.archiver.lock`, apart so that a long compression never holds up a
 * writer.
 *
 * There is exactly one instance per lock file per JVM (see [LockFiles]) because a POSIX record lock belongs to the
 * whole process: a second `lock()` in the same JVM throws, and closing *any* channel on the file drops the lock. So the
 * lock file is opened only here, and its state is read and written only through [channel]. An in-JVM [ReentrantLock]
 * serialises the threads of this JVM before the file lock. After each lock the path is checked to still name the inode
 * locked: if someone deleted or replaced the file, a newcomer would lock the new one, so this instance locks that one
 * too.
 *
 * Writers wait for it ([withLock]); archivers never do ([tryWithLock]): a process that finds the archiver lock taken
 * tries again later, and the holder's pass does the work meanwhile.
 *
 * Waiting is bounded from outside: a thread blocked in `FileChannel.lock()` because another process holds the lock
 * forever (a hung process, an operator's `flock`) is woken by [wakeWaiter], which closes the channel it waits on;
 * [withLock] then fails with [LockUnavailableException] once its caller's `giveUp` says so. I/O errors name the lock
 * file, so a report never blames the log file for a fault of its sidecar.
 */
internal class LockFile(
    val path: Path,
    /** The mode the lock file (and its missing directories) is created with; null: the JDK's default. */
    private val permissions: Set<PosixFilePermission>?,
    private val status: StatusReporter,
    /** The identity of the file a path names now; a test passes one that fails. */
    private val fileKeyOf: (Path) -> Any? = ::fileKeyAt,
) {
    private val jvmLock = ReentrantLock()
    private var channel: FileChannel? = null
    private var fileKey: Any? = null
    private var held: FileLock? = null
    private val stateBuffer = ByteBuffer.allocate(4096)

    /** The channel a thread is blocked on in `lock()`, guarded by [waiterMonitor]; [wakeWaiter] closes it. */
    private var waitingOn: FileChannel? = null
    private val waiterMonitor = Any()

    /** Set by [close] when another thread held the in-JVM lock: that thread closes the channel when it leaves. */
    @Volatile private var retired = false

    /** Nanoseconds the last [withLock] waited for the lock (in-JVM and cross-process together). */
    var lastWaitNanos: Long = 0
        private set

    /**
     * Runs [block] holding the in-JVM lock and the cross-process lock. Blocks the calling thread, so call it only from
     * rotolog's own threads (an interrupt inside `FileChannel` I/O would close the channel).
     *
     * [giveUp] is asked before each wait and after a wait was cut short by [wakeWaiter]; once it says true, the lock is
     * only taken if it is free at once, else [LockUnavailableException] is thrown.
     */
    fun <T> withLock(giveUp: () -> Boolean = NEVER, block: (LockFile) -> T): T {
        val start = System.nanoTime()
        lockInJvm(giveUp)
        try {
            held =
                acquireFileLock(giveUp, wait = true)
                    ?: throw LockUnavailableException("another process holds the lock on $path")
            lastWaitNanos = System.nanoTime() - start
            try {
                return block(this)
            } finally {
                releaseHeld()
            }
        } finally {
            if (retired) closeChannel()
            jvmLock.unlock()
        }
    }

    /**
     * Runs [block] holding the in-JVM lock and the cross-process lock and returns its result, or returns null at once
     * if either is taken. A failure after the file lock was taken (a `stat` that fails with EACCES or ELOOP) closes the
     * channel, which drops the lock, and is thrown: a lock held with no one knowing would keep every user of this file,
     * in every process, out for good.
     */
    fun <T : Any> tryWithLock(block: () -> T): T? {
        if (!jvmLock.tryLock()) return null
        try {
            held = acquireFileLock(giveUp = NEVER, wait = false) ?: return null
            try {
                return block()
            } finally {
                releaseHeld()
            }
        } finally {
            if (retired) closeChannel()
            jvmLock.unlock()
        }
    }

    /**
     * Throws [LockReplacedException] when [path] no longer names the file this JVM holds the lock on (someone deleted
     * or replaced the lock file since we locked it): a process starting now would lock the new file and write at the
     * same time. Writers call it right before they write, not only when they lock.
     */
    fun checkStillLocked() {
        checkHeld()
        val now = keyAtPath()
        if (now != fileKey) {
            throw LockReplacedException("lock file $path was deleted or replaced while this process held the lock")
        }
    }

    /** Reads the shared state; only while the lock is held. */
    fun readState(): SharedState {
        val ch = checkHeld()
        try {
            val size = ch.size()
            if (size > stateBuffer.capacity()) {
                throw SharedState.UnreadableStateException("state record of $size bytes")
            }
            stateBuffer.clear().limit(size.toInt())
            while (stateBuffer.hasRemaining()) {
                if (ch.read(stateBuffer, stateBuffer.position().toLong()) < 0) break
            }
        } catch (e: IOException) {
            throw named("cannot read the rotation state", e)
        }
        return SharedState.Codec.decode(stateBuffer.array().copyOf(stateBuffer.position()))
    }

    /** Replaces the shared state; only while the lock is held. */
    fun writeState(state: SharedState) {
        val ch = checkHeld()
        val buffer = ByteBuffer.wrap(state.encode())
        try {
            var position = 0L
            while (buffer.hasRemaining()) position += ch.write(buffer, position)
            ch.truncate(position)
        } catch (e: IOException) {
            throw named("cannot write the rotation state", e)
        }
    }

    /**
     * Wakes a thread of this JVM blocked waiting for the cross-process lock, by closing the channel it waits on. Its
     * [withLock] then asks its `giveUp` and fails or waits again. Safe to call from any thread at any time.
     */
    fun wakeWaiter() {
        synchronized(waiterMonitor) {
            try {
                waitingOn?.close()
            } catch (_: IOException) {
                // Closing releases any lock in any case.
            }
        }
    }

    /**
     * Closes the channel, which also drops the lock; called when the last user of this lock file is gone. Never waits
     * long: a thread still inside [withLock] (stuck in a write, or in the lock) is woken, and closes the channel itself
     * when it leaves.
     */
    fun close() {
        retired = true
        wakeWaiter()
        val locked =
            try {
                jvmLock.tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                false
            }
        if (!locked) return
        try {
            closeChannel()
        } finally {
            jvmLock.unlock()
        }
    }

    private fun releaseHeld() {
        val lock = held
        held = null
        try {
            lock?.release()
        } catch (e: Exception) {
            status.report("lock-release:$path", "could not release the lock on $path", e)
            closeChannel()
        }
    }

    private fun checkHeld(): FileChannel {
        check(jvmLock.isHeldByCurrentThread && held != null) { "the lock on $path is not held" }
        return channel!!
    }

    /** The in-JVM lock, polled so that a thread behind a stuck one can still give up. */
    private fun lockInJvm(giveUp: () -> Boolean) {
        try {
            while (!jvmLock.tryLock(JVM_LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (giveUp()) throw LockUnavailableException("another thread of this JVM holds the lock on $path")
            }
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
            throw LockUnavailableException("interrupted while waiting for the lock on $path")
        }
    }

    /** The file lock; null only when [wait] is false and another process holds it. */
    private fun acquireFileLock(giveUp: () -> Boolean, wait: Boolean): FileLock? {
        var replacements = 0
        while (true) {
            val ch = channel ?: open()
            val lock = waitForLock(ch, giveUp, wait) ?: return null
            // Someone may have deleted or replaced the lock file; a newcomer would then lock another inode.
            val key =
                try {
                    keyAtPath()
                } catch (e: Throwable) {
                    releaseQuietly(lock)
                    closeChannel()
                    throw e
                }
            if (key == fileKey) return lock
            replacements++
            status.report("lock-replaced:$path", "lock file $path was deleted or replaced; locking the new one")
            releaseQuietly(lock)
            closeChannel()
            if (replacements >= MAX_REPLACEMENTS) {
                throw LockReplacedException(
                    "lock file $path was replaced $replacements times in a row while locking it"
                )
            }
        }
    }

    /**
     * Waits for the file lock on [ch]. The wait is registered under [waiterMonitor] together with a last look at
     * [giveUp], so a [wakeWaiter] that comes after the deadline always finds the waiter, and a waiter that comes after
     * the deadline only tries.
     */
    private fun waitForLock(ch: FileChannel, giveUp: () -> Boolean, wait: Boolean): FileLock? {
        val mayWait =
            wait &&
                synchronized(waiterMonitor) {
                    val waiting = !giveUp()
                    if (waiting) waitingOn = ch
                    waiting
                }
        try {
            return if (mayWait) ch.lock() else ch.tryLock()
        } catch (closed: ClosedChannelException) {
            // Woken by wakeWaiter (AsynchronousCloseException is one of these): the channel is gone.
            channel = null
            fileKey = null
            throw LockUnavailableException("gave up waiting for the lock on $path, which another process holds")
        } catch (e: IOException) {
            throw named("cannot lock", e)
        } finally {
            if (mayWait) synchronized(waiterMonitor) { waitingOn = null }
        }
    }

    private fun keyAtPath(): Any? =
        try {
            fileKeyOf(path)
        } catch (e: IOException) {
            throw named("cannot check", e)
        }

    private fun open(): FileChannel {
        val ch =
            try {
                // Created with the target's permissions from the first moment (never wider, whatever the umask).
                path.parent?.let { FilePermissions.createDirectories(it, permissions) }
                openLockFileChannel(path, permissions)
            } catch (e: IOException) {
                throw named("cannot open", e)
            }
        channel = ch
        fileKey =
            try {
                fileKeyOf(path)
            } catch (e: IOException) {
                closeChannel()
                throw named("cannot check", e)
            }
        return ch
    }

    private fun named(what: String, cause: IOException): IOException =
        IOException("$what lock file $path: ${cause.javaClass.simpleName}: ${cause.message}", cause)

    private fun releaseQuietly(lock: FileLock) {
        try {
            lock.release()
        } catch (_: IOException) {
            // The channel is closed next, which drops the lock anyway.
        }
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

    /** The lock could not be had before the caller gave up (another process holds it, or this JVM is closing). */
    class LockUnavailableException(message: String) : IOException(message)

    /** The lock file was deleted or replaced under the lock holder. */
    class LockReplacedException(message: String) : IOException(message)

    private companion object {
        val NEVER: () -> Boolean = { false }
        const val JVM_LOCK_POLL_MILLIS = 50L
        const val CLOSE_WAIT_MILLIS = 200L
        const val MAX_REPLACEMENTS = 10
    }
}
