package dev.rotolog.archive

import dev.rotolog.rotation.ArchiveName
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.LiveLogNames
import java.io.IOException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.attribute.BasicFileAttributes

/**
 * The archives of one active file in its directory, found by name: [scan] lists the directory and keeps only regular
 * files whose names [ArchiveNaming.parse] recognizes (raw, `.gz`) or that are such a `.gz` name plus `.part`.
 * Everything else (the active file, lock files, other logs, symlinks, names that merely look like ours) is invisible to
 * the archiver, so it can never be compressed or deleted.
 *
 * Names of archive shape that belong to another log are invisible too ([LiveLogNames]): a file with a `.lock` sidecar
 * is some log's active file (`app.7.log` of `app.{key}.log`, `app.2026-11-21.log` of a key that is a date), and a name
 * that could be an archive of another live log in the directory (`app.2026-11-21.1.log` when `app.2026-11-21.log` is
 * live) may be that log's. Such a whole archive group (`x`, `x.gz`, `x.gz.part`) is never compressed, deleted or
 * counted by retention; [isLiveLog] checks again just before a file is changed.
 *
 * A non-regular file (FIFO, device, directory, symlink) at the `.gz` or `.gz.part` name of a raw archive is recorded as
 * [ArchiveGroup.obstruction]: the pass never opens it and skips compressing that one archive.
 */
internal class ArchiveDirectory(val dir: Path, val naming: ArchiveNaming) {
    /** The archives found now, oldest first. Throws [IOException] when the directory cannot be listed. */
    fun scan(): List<ArchiveGroup> {
        val groups = HashMap<String, ArchiveGroup>()
        val names = HashSet<String>()
        Files.newDirectoryStream(dir).use { entries ->
            for (entry in entries) {
                val fileName = entry.fileName.toString()
                names += fileName
                if (fileName == naming.activeFileName) continue
                // A log may itself end in ".part": a name that parses as an archive is one, before any .part test.
                var parsed = naming.parse(fileName)
                val isPart = parsed == null && fileName.endsWith(ArchiveGroup.PART)
                if (isPart) parsed = naming.parse(fileName.dropLast(ArchiveGroup.PART.length))?.takeIf { it.compressed }
                if (parsed == null) continue
                val size = regularFileSize(entry)
                if (size == null) {
                    // Not ours (a FIFO, a symlink...); where the pass would create a file, it is in the way.
                    if (isPart || parsed.compressed) {
                        groups.getOrPut(parsed.uncompressedName) { ArchiveGroup(rawName(parsed)) }.obstruction =
                            fileName
                    }
                    continue
                }
                val group = groups.getOrPut(parsed.uncompressedName) { ArchiveGroup(rawName(parsed)) }
                when {
                    isPart -> group.part = true
                    parsed.compressed -> group.gzSize = size
                    else -> group.rawSize = size
                }
            }
        }
        val liveLogs = LiveLogNames.liveLogs(names)
        val namings = HashMap<String, List<ArchiveNaming>>()
        return groups.values
            .filter { group ->
                group.memberNames.none { LiveLogNames.isLive(it, names) } &&
                    LiveLogNames.couldBeArchiveOf(group.rawName, naming.activeFileName, liveLogs, namings) == null &&
                    // The listing is no snapshot: a log that started during it may show its file but not its sidecar,
                    // which was created first, so ask the file system too.
                    !isLiveLog(group)
            }
            .sorted()
    }

    /**
     * Whether a file of [group] (the raw name even when absent, or a file present) has a `.lock` sidecar now, which
     * makes it some log's active file; checked again right before the pass changes anything of the group.
     */
    fun isLiveLog(group: ArchiveGroup): Boolean {
        if (hasLock(group.rawName)) return true
        if (group.hasGz && hasLock(group.gzName)) return true
        return group.part && hasLock(group.partName)
    }

    fun resolve(fileName: String): Path = dir.resolve(fileName)

    /** Whether `<fileName>.lock` exists; when that cannot be told (not even a missing name), it is taken to exist. */
    private fun hasLock(fileName: String): Boolean =
        try {
            Files.readAttributes(
                dir.resolve(LiveLogNames.lockOf(fileName)),
                BasicFileAttributes::class.java,
                LinkOption.NOFOLLOW_LINKS,
            )
            true
        } catch (_: NoSuchFileException) {
            false
        } catch (_: IOException) {
            true
        }

    private fun rawName(parsed: ArchiveName): ArchiveName =
        if (parsed.compressed) naming.parse(parsed.uncompressedName)!! else parsed

    /** The size of [path] if it is a regular file (not following a symlink), else null. */
    private fun regularFileSize(path: Path): Long? =
        try {
            val attributes = Files.readAttributes(path, BasicFileAttributes::class.java, LinkOption.NOFOLLOW_LINKS)
            if (attributes.isRegularFile) attributes.size() else null
        } catch (_: NoSuchFileException) {
            null
        }
}
