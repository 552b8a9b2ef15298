package dev.rotolog.lock

import dev.rotolog.internal.FilePermissions
import dev.rotolog.status.StatusReporter
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission

/**
 * The JVM-wide registry of lock files, keyed by the real path, so each lock file is opened once per JVM
 * however many writers, tickers or owners use it. Reference counted; the last release closes it.
 */
internal object LockFiles {
    private class Entry(val lockFile: LockFile, var users: Int)

    private val entries = HashMap<Path, Entry>()

    @Synchronized
    fun acquire(path: Path, status: StatusReporter): LockFile {
        val key = RealPaths.of(path)
        val entry = entries.getOrPut(key) { Entry(LockFile(key, status), 0) }
        entry.users++
        return entry.lockFile
    }

    @Synchronized
    fun release(lockFile: LockFile) {
        val entry = entries[lockFile.path] ?: return
        if (--entry.users == 0) {
            entries.remove(lockFile.path)
            lockFile.close()
        }
    }
}

/** Canonical keys for files that may not exist yet: the real path of the directory plus the file name. */
internal object RealPaths {
    /**
     * The key of [path]. Creates its missing directories on the way, with the mode [FilePermissions.createDirectories]
     * derives from [permissions] (the file target's; null: the JDK's defaults).
     */
    fun of(path: Path, permissions: Set<PosixFilePermission>? = null): Path {
        val absolute = path.toAbsolutePath().normalize()
        val parent = absolute.parent ?: return absolute
        FilePermissions.createDirectories(parent, permissions)
        return parent.toRealPath().resolve(absolute.fileName)
    }
}
