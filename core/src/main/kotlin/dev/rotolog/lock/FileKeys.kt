package dev.rotolog.lock

import dev.rotolog.internal.FilePermissions
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.BasicFileAttributes
import java.nio.file.attribute.PosixFilePermission

/**
 * The identity (device and inode) of the file [path] names now, without following a symlink; null if nothing is there.
 * Comparing it with the identity taken when a channel was opened tells whether the path was deleted, moved away or
 * replaced since.
 */
internal fun fileKeyAt(path: Path): Any? =
    try {
        Files.readAttributes(path, BasicFileAttributes::class.java, LinkOption.NOFOLLOW_LINKS).fileKey()
    } catch (_: NoSuchFileException) {
        null
    }

/**
 * Opens (creating it with [permissions] if needed) a lock file for reading and writing, never through a symlink planted
 * at its name.
 */
internal fun openLockFileChannel(path: Path, permissions: Set<PosixFilePermission>?): FileChannel =
    FilePermissions.openOrCreate(
        path,
        permissions,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS,
    )
