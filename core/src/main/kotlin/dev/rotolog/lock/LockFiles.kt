package dev.rotolog.lock

import dev.rotolog.status.StatusReporter
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission

/**
 * The JVM-wide registry of lock files (the writers' and the archivers'), keyed by the real path, so each lock file is
 * opened once per JVM however many writers, archivers or owners use it. Reference counted; the last release closes it.
 * The first user's [PosixFilePermission]s are the ones the file is created (or re-created) with while it stays open.
 */
internal object LockFiles {
    private class Entry(val lockFile: LockFile, var users: Int)

    private val entries = HashMap<Path, Entry>()

    /** The lock file at [path], created with [permissions] when missing; [release] it when done. */
    @Synchronized
    fun acquire(path: Path, permissions: Set<PosixFilePermission>?, status: StatusReporter): LockFile {
        val key = RealPaths.of(path, permissions)
        val entry = entries.getOrPut(key) { Entry(LockFile(key, permissions, status), 0) }
        entry.users++
        return entry.lockFile
    }

    @Synchronized
    fun release(lockFile: LockFile) {
        val entry = entries[lockFile.path] ?: return
        if (entry.lockFile !== lockFile) return
        if (--entry.users == 0) {
            entries.remove(lockFile.path)
            lockFile.close()
        }
    }
}
