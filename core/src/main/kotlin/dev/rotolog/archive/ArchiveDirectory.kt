package dev.rotolog.archive

import dev.rotolog.rotation.ArchiveName
import dev.rotolog.rotation.ArchiveNaming
import java.io.IOException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.attribute.BasicFileAttributes

/**
 * The archives of one active file in its directory, found by name: [scan] lists the directory and keeps only
 * regular files whose names [ArchiveNaming.parse] recognizes (raw, `.gz`) or that are such a `.gz` name plus
 * `.part`. Everything else (the active file, lock files, other logs, symlinks, names that merely look like
 * ours) is invisible to the archiver, so it can never be compressed or deleted.
 */
internal class ArchiveDirectory(val dir: Path, val naming: ArchiveNaming) {
    /** The archives found now, oldest first. Throws [IOException] when the directory cannot be listed. */
    fun scan(): List<ArchiveGroup> {
        val groups = HashMap<String, ArchiveGroup>()
        Files.newDirectoryStream(dir).use { entries ->
            for (entry in entries) {
                val fileName = entry.fileName.toString()
                if (fileName == naming.activeFileName) continue
                // A log may itself end in ".part": a name that parses as an archive is one, before any .part test.
                var parsed = naming.parse(fileName)
                val isPart = parsed == null && fileName.endsWith(ArchiveGroup.PART)
                if (isPart) parsed = naming.parse(fileName.dropLast(ArchiveGroup.PART.length))?.takeIf { it.compressed }
                if (parsed == null) continue
                val size = regularFileSize(entry) ?: continue
                val group = groups.getOrPut(parsed.uncompressedName) { ArchiveGroup(rawName(parsed)) }
                when {
                    isPart -> group.part = true
                    parsed.compressed -> group.gzSize = size
                    else -> group.rawSize = size
                }
            }
        }
        return groups.values.sorted()
    }

    fun resolve(fileName: String): Path = dir.resolve(fileName)

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
