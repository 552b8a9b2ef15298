package dev.rotolog.archive

import dev.rotolog.lock.fileKeyAt
import dev.rotolog.lock.openLockFileChannel
import dev.rotolog.lock.RealPaths
import java.io.IOException
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.util.concurrent.locks.ReentrantLock

/**
 * The lock that lets one archiver at a time, across all processes, work on one log's archives: an OS lock on
 * the sidecar `app.log.archiver.lock`, never renamed or deleted by rotolog, apart from the writers' `app.log.lock`
 * so that a long compression never holds up a writer.
 *
 * A whole pass (repair, compression, retention) runs under it, so passes of different processes never
 * interleave: a `.gz.part` found while holding it was left by a process that died. The OS drops the lock when
 * its holder dies, so a crashed archiver blocks no one. [tryWithLock] never waits: a process that finds the lock
 * taken tries again later, and the holder's pass does the work meanwhile.
 *
 * Like the writers' lock, a POSIX lock belongs to the whole process and closing any channel on the file drops it,
 * so there is one instance per lock file per JVM ([acquire]), and an in-JVM lock in front of the file lock.
 */
internal class ArchiverLock internal constructor(
    val path: Path,
    private val permissions: Set<PosixFilePermission>?,
    /** The identity of the file a path names now; a test passes one that fails. Use [acquire], not this, elsewhere. */
    private val fileKeyOf: (Path) -> Any? = ::fileKeyAt,
) {
    private val jvmLock = ReentrantLock()
    private var channel: FileChannel? = null
    private var fileKey: Any? = null
    private var users = 0

    /** Set when the last user released this lock while a pass still ran; that pass closes the channel. */
    @Volatile private var retired = false

    /** Runs [block] holding the lock and returns its result, or returns null at once if the lock is taken. */
    fun <T : Any> tryWithLock(block: () -> T): T? {
        if (!jvmLock.tryLock()) return null
        try {
            val lock = tryAcquire() ?: return null
            try {
                return block()
            } finally {
                try {
                    lock.release()
                } catch (_: IOException) {
                    closeChannel()
                }
            }
        } finally {
            if (retired) closeChannel()
            jvmLock.unlock()
        }
    }

    /**
     * Takes the OS lock, or returns null when another process holds it. Any failure after the channel is open
     * (a `stat` that fails with EACCES or ELOOP, an I/O error from `tryLock`) closes the channel, which also drops
     * a lock already taken, and is rethrown: a lock held with no one knowing would keep every archiver of this log,
     * in every process, out for good.
     */
    private fun tryAcquire(): FileLock? {
        try {
            repeat(REPLACED_RETRIES) {
                val ch = channel ?: open()
                val lock = ch.tryLock() ?: return null
                // Someone deleted or replaced the lock file: a newcomer would lock the new one, so must we.
                if (fileKeyOf(path) == fileKey) return lock
                lock.release()
                closeChannel()
            }
            return null
        } catch (failure: Throwable) {
            closeChannel()
            throw failure
        }
    }

    private fun open(): FileChannel {
        // Like the writers' lock file: the target's permissions from the first moment, never a followed symlink.
        val ch = openLockFileChannel(path, permissions)
        channel = ch
        // If this throws, the caller closes the channel it was just given.
        fileKey = fileKeyOf(path)
        return ch
    }

    private fun closeChannel() {
        try {
            channel?.close()
        } catch (_: IOException) {
            // Closing drops the lock in any case.
        }
        channel = null
        fileKey = null
    }

    internal companion object {
        const val SUFFIX: String = ".archiver.lock"
        private const val REPLACED_RETRIES = 3
        private val registry = HashMap<Path, ArchiverLock>()

        /** The archiver lock of the log [activeFile], shared by every user in this JVM; [release] it when done. */
        @Synchronized
        fun acquire(activeFile: Path, permissions: Set<PosixFilePermission>? = null): ArchiverLock {
            val key = RealPaths.of(activeFile.resolveSibling(activeFile.fileName.toString() + SUFFIX), permissions)
            val lock = registry.getOrPut(key) { ArchiverLock(key, permissions) }
            lock.users++
            return lock
        }

        @Synchronized
        fun release(lock: ArchiverLock) {
            if (--lock.users > 0) return
            registry.remove(lock.path)
            lock.retired = true
            // A pass that outlived its archiver's close still holds the in-JVM lock; it closes the channel itself.
            if (lock.jvmLock.tryLock()) {
                try {
                    lock.closeChannel()
                } finally {
                    lock.jvmLock.unlock()
                }
            }
        }
    }
}
