package dev.rotolog.internal

import java.nio.channels.FileChannel
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.OpenOption
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFileAttributeView
import java.nio.file.attribute.PosixFilePermission
import java.nio.file.attribute.PosixFilePermissions

/**
 * Creates rotolog's files (the active log, the lock sidecar, archives) with the configured POSIX permissions from the
 * first moment, never wider, whatever the process umask.
 *
 * How: the file is created by `open(2)` with `O_CREAT|O_EXCL` and the configured mode as its creation attribute, so no
 * instant exists in which the file has another mode; the umask can only clear bits from that mode, never add any. Right
 * after a successful creation the mode is set to exactly the configured bits (the umask may have cleared some, e.g. a
 * umask of 077 would take the group's write bit that several services sharing the log need). That second step never
 * makes the file wider than configured, and it runs only on a file this process has just created: an existing file
 * keeps its mode.
 *
 * Symlinks are never followed: with `O_EXCL` a planted link makes the creation fail, and the following open of the
 * existing name uses `NOFOLLOW_LINKS` where the caller asks for it.
 *
 * With `permissions == null` files are created as the JDK does by default (0666 narrowed by the umask).
 *
 * Missing directories are created the same way ([createDirectories]), with the file mode plus `x` where it has `r`.
 */
internal object FilePermissions {
    /** Opens [path] with [options] (which must not contain CREATE or CREATE_NEW), creating it when it is absent. */
    fun openOrCreate(path: Path, permissions: Set<PosixFilePermission>?, vararg options: OpenOption): FileChannel {
        val base = options.toSet()
        require(StandardOpenOption.CREATE !in base && StandardOpenOption.CREATE_NEW !in base) {
            "openOrCreate decides about creation itself"
        }
        if (permissions == null) return FileChannel.open(path, base + StandardOpenOption.CREATE)
        // Create-or-open without CREATE: O_EXCL first, and when the name exists, open it as it is. The loop covers a
        // file deleted between the two attempts.
        repeat(MAX_ATTEMPTS) {
            try {
                return createNew(path, permissions, *options)
            } catch (_: FileAlreadyExistsException) {
                // Someone else created it (another process, or a previous run): open what is there.
            }
            try {
                return FileChannel.open(path, base)
            } catch (_: NoSuchFileException) {
                // Deleted between the two attempts: try to create it again.
            }
        }
        throw java.io.IOException("$path keeps appearing and disappearing; gave up after $MAX_ATTEMPTS attempts")
    }

    /**
     * Creates [path], which must not exist (CREATE_NEW semantics, for archives and `.part` files), with exactly
     * [permissions], and opens it with [options]. Throws [FileAlreadyExistsException] when the name exists, also when
     * it is a symlink.
     */
    fun createNew(path: Path, permissions: Set<PosixFilePermission>?, vararg options: OpenOption): FileChannel {
        val open = options.toSet() - StandardOpenOption.CREATE + StandardOpenOption.CREATE_NEW
        if (permissions == null) return FileChannel.open(path, open)
        val channel = createWithMode(path, permissions, open)
        try {
            setExactly(path, permissions)
        } catch (failure: Throwable) {
            // The file stays narrower than configured (the umask cleared bits), which is allowed; but report it by
            // failing, so the caller's retry and status report make it visible. The channel must not leak.
            try {
                channel.close()
            } catch (closeFailure: Throwable) {
                failure.addSuppressed(closeFailure)
            }
            throw failure
        }
        return channel
    }

    /**
     * The creation itself: `open(2)` with `O_CREAT|O_EXCL` and [permissions] as the mode, which the umask can only
     * narrow. Separate from [createNew] so a test can look at the file in the state it was born in.
     */
    fun createWithMode(path: Path, permissions: Set<PosixFilePermission>, options: Set<OpenOption>): FileChannel {
        require(StandardOpenOption.CREATE_NEW in options) { "createWithMode creates new files only" }
        return FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(permissions))
    }

    /**
     * The mode of the directories rotolog creates for files of [filePermissions]: the same bits, plus search (`x`) for
     * each class that may read (`rw-r-----` gives `rwxr-x---`), so whoever may read the log can reach it and no one
     * else can.
     */
    fun directoryMode(filePermissions: Set<PosixFilePermission>): Set<PosixFilePermission> {
        val mode = java.util.EnumSet.noneOf(PosixFilePermission::class.java)
        mode += filePermissions
        if (PosixFilePermission.OWNER_READ in filePermissions) mode += PosixFilePermission.OWNER_EXECUTE
        if (PosixFilePermission.GROUP_READ in filePermissions) mode += PosixFilePermission.GROUP_EXECUTE
        if (PosixFilePermission.OTHERS_READ in filePermissions) mode += PosixFilePermission.OTHERS_EXECUTE
        return mode
    }

    /**
     * Creates [dir] and every missing parent with [directoryMode] of [filePermissions], like the files: the mode is the
     * creation attribute of `mkdir(2)` (the umask can only narrow it), then each directory this call created is set to
     * exactly that mode. Existing directories keep theirs; one that another process creates meanwhile is taken as it
     * is. With `filePermissions == null`, or where there are no POSIX modes, directories are created as the JDK does by
     * default (0777 narrowed by the umask).
     */
    fun createDirectories(dir: Path, filePermissions: Set<PosixFilePermission>?) {
        val absolute = dir.toAbsolutePath()
        if (filePermissions == null || "posix" !in absolute.fileSystem.supportedFileAttributeViews()) {
            Files.createDirectories(absolute)
            return
        }
        if (Files.isDirectory(absolute)) return
        val mode = directoryMode(filePermissions)
        val missing = ArrayDeque<Path>()
        var current: Path? = absolute
        while (current != null && !Files.exists(current)) {
            missing.addFirst(current)
            current = current.parent
        }
        for (directory in missing) {
            try {
                createDirectoryWithMode(directory, mode)
            } catch (exists: FileAlreadyExistsException) {
                if (Files.isDirectory(directory)) continue // made meanwhile by someone else: theirs, as it is
                throw exists
            }
            setExactly(directory, mode)
        }
    }

    /**
     * The creation of one directory: `mkdir(2)` with [mode], which the umask can only narrow. Separate from
     * [createDirectories] so a test can look at the directory in the state it was born in.
     */
    fun createDirectoryWithMode(dir: Path, mode: Set<PosixFilePermission>) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode))
    }

    /** The mode the file at [path] has now, without following a symlink. */
    fun of(path: Path): Set<PosixFilePermission> = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)

    /**
     * Sets the mode of the file just created at [path] to [permissions]. Without following links: the JDK opens the
     * name with O_NOFOLLOW and uses fchmod, so a symlink swapped in meanwhile is not followed.
     */
    fun setExactly(path: Path, permissions: Set<PosixFilePermission>) {
        val view = Files.getFileAttributeView(path, PosixFileAttributeView::class.java, LinkOption.NOFOLLOW_LINKS)
        if (view.readAttributes().permissions() != permissions) view.setPermissions(permissions)
    }

    /**
     * Parses `rw-r-----` (as `ls -l` shows it) or octal `640` / `0640`. Returns null when [text] is neither; see
     * [problem] for why a parsed value may still be refused.
     */
    fun parse(text: String): Set<PosixFilePermission>? {
        if (text.length == 9 && text.all { it in "rwx-" }) {
            return try {
                PosixFilePermissions.fromString(text)
            } catch (_: IllegalArgumentException) {
                null
            }
        }
        val digits = if (text.length == 4 && text[0] == '0') text.substring(1) else text
        if (digits.length != 3 || digits.any { it !in '0'..'7' }) return null
        val mode = digits.toInt(8)
        return PosixFilePermission.entries.filterIndexedTo(java.util.EnumSet.noneOf(PosixFilePermission::class.java)) {
            i,
            _ ->
            // PosixFilePermission lists OWNER_READ..OTHERS_EXECUTE, highest bit first.
            (mode and (1 shl (8 - i))) != 0
        }
    }

    /** Why [permissions] cannot be used for a log file, or null when it can. */
    fun problem(permissions: Set<PosixFilePermission>): String? =
        when {
            PosixFilePermission.OWNER_READ !in permissions || PosixFilePermission.OWNER_WRITE !in permissions ->
                "the owner must be able to read and write the file (rw- for the owner)"
            else -> null
        }

    /** `rw-r-----` for [permissions]. */
    fun format(permissions: Set<PosixFilePermission>): String = PosixFilePermissions.toString(permissions)

    private const val MAX_ATTEMPTS = 100
}
