package dev.rotolog.writer

import dev.rotolog.internal.FilePermissions
import java.io.IOException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission

/**
 * The start-up check of where a file target writes: a log that cannot be written is refused when the owner starts, with
 * a message that names the file or directory at fault and the right that is missing, instead of a running writer that
 * loses every record and says so only in repeated I/O errors.
 *
 * Checked: the directory exists or can be created, and this process may create and rename files in it; the active file
 * and the lock file, where they exist, are regular files (not a symlink: rotolog never writes through a link at its own
 * names) that this process may write. Everything later (the directory deleted, a symlink planted, the disk full) is
 * handled at runtime: reported, retried, and counted.
 */
internal object LogLocation {
    /**
     * Throws [IllegalStateException] naming what is wrong when [logFile] cannot be written by this process. Missing
     * directories are created with [permissions] (plus `x` where `r` is), as every later creation is.
     */
    fun check(logFile: Path, permissions: Set<PosixFilePermission>? = null) {
        val absolute = logFile.toAbsolutePath().normalize()
        val directory = absolute.parent ?: fail(absolute, "it has no parent directory")
        try {
            FilePermissions.createDirectories(directory, permissions)
        } catch (e: IOException) {
            fail(
                absolute,
                "the directory $directory does not exist and cannot be created (${e.javaClass.simpleName}: ${e.message})",
            )
        }
        if (!Files.isDirectory(directory)) fail(absolute, "$directory is not a directory")
        if (!Files.isWritable(directory) || !Files.isExecutable(directory)) {
            fail(
                absolute,
                "the directory $directory is not writable by this process (user ${System.getProperty("user.name")}); " +
                    "rotolog creates ${absolute.fileName}, its .lock file and its archives there",
            )
        }
        checkFile(absolute, absolute)
        checkFile(absolute, absolute.resolveSibling("${absolute.fileName}.lock"))
    }

    private fun checkFile(logFile: Path, file: Path) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return
        when {
            Files.isSymbolicLink(file) ->
                fail(logFile, "$file is a symbolic link; rotolog never writes through a link at its own file names")
            !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) -> fail(logFile, "$file is not a regular file")
            !Files.isWritable(file) ->
                fail(logFile, "$file is not writable by this process (user ${System.getProperty("user.name")})")
        }
    }

    private fun fail(logFile: Path, why: String): Nothing =
        throw IllegalStateException("rotolog: cannot log to $logFile: $why")
}
