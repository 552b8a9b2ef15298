package dev.rotolog.writer

import dev.rotolog.internal.FilePermissions
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermission

/**
 * How the writer opens the active log file for appending and renames it to an archive: the one seam where tests
 * (through `Environment.io`) put a channel that fails or records which thread touched it. Production code uses
 * [withPermissions] with the target's mode.
 */
internal fun interface LogFileIo {
    fun open(path: Path): FileChannel

    /**
     * Renames the active file [from] to its archive name [to], never replacing an existing file (a plain move checks
     * that the target does not exist; `ATOMIC_MOVE` would replace silently on Linux).
     */
    fun rename(from: Path, to: Path) {
        Files.move(from, to, LinkOption.NOFOLLOW_LINKS)
    }

    companion object {
        /**
         * Opens the active file, creating it with exactly [permissions] (never wider, whatever the umask; see
         * [FilePermissions]) when it does not exist; null keeps the JDK's default mode.
         */
        fun withPermissions(permissions: Set<PosixFilePermission>?): LogFileIo = LogFileIo { path ->
            // NOFOLLOW_LINKS: a symlink planted at our name must not redirect records into another file.
            FilePermissions.openOrCreate(
                path,
                permissions,
                StandardOpenOption.WRITE,
                // Appends only: a write at a size read earlier leaves NULs after an external truncate.
                StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS,
            )
        }
    }
}
