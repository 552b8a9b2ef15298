package dev.rotolog.testkit

import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.PeriodUnit
import java.nio.file.Files
import java.nio.file.Path
import java.time.OffsetDateTime

/** The files of one rotating log, in the order they were written: archives oldest first, the active file last. */
object LogFiles {
    /** [unit] is the rotation period's unit, or null for size-only rotation. */
    fun inWriteOrder(active: Path, unit: PeriodUnit?): List<Path> {
        val naming = ArchiveNaming(active.fileName.toString(), unit)
        val names = Files.list(active.parent).use { paths -> paths.map { it.fileName.toString() }.toList() }
        val archives = names.mapNotNull { naming.parse(it) }.sorted().map { active.resolveSibling(it.fileName) }
        return archives + listOfNotNull(active.takeIf { Files.exists(it) })
    }

    /**
     * The files `logrotate` leaves without `dateext` or compression: `app.log.<n>`, the highest number oldest,
     * then the active file. Numbers compare as numbers (`.10` is older than `.9`).
     */
    fun inLogrotateOrder(active: Path): List<Path> {
        val prefix = "${active.fileName}."
        val numbered =
            Files.list(active.parent).use { paths ->
                paths.map { it.fileName.toString() }.toList()
            }.mapNotNull { name -> name.removePrefix(prefix).takeIf { name.startsWith(prefix) }?.toIntOrNull()?.let { it to name } }
        return numbered.sortedByDescending { it.first }.map { active.resolveSibling(it.second) } +
            listOfNotNull(active.takeIf { Files.exists(it) })
    }

    /**
     * [files] ordered by the time stamp of their first line ([RecordFormat.PATTERN]'s `%d`), empty files first.
     * For a log whose files came apart (a deleted directory's files saved elsewhere): each file covers its own
     * stretch of time, so the first record's time orders them.
     */
    fun byFirstRecordTime(files: List<Path>): List<Path> =
        files.map { it to firstLineMillis(it) }.sortedWith(compareBy({ it.second ?: Long.MIN_VALUE }, { it.first.toString() })).map { it.first }

    private fun firstLineMillis(file: Path): Long? {
        val first = Files.newBufferedReader(file, Charsets.UTF_8).use { it.readLine() } ?: return null
        return runCatching { OffsetDateTime.parse(first.substringBefore(' ')).toInstant().toEpochMilli() }.getOrNull()
    }
}
