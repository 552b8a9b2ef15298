package dev.rotolog.testkit

import dev.rotolog.PeriodUnit
import dev.rotolog.rotation.ArchiveNaming
import java.nio.file.Files
import java.nio.file.Path

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
     * The files `logrotate` leaves without `dateext` or compression: `app.log.<n>`, the highest number oldest, then the
     * active file. Numbers compare as numbers (`.10` is older than `.9`).
     */
    fun inLogrotateOrder(active: Path): List<Path> {
        val prefix = "${active.fileName}."
        val numbered =
            Files.list(active.parent)
                .use { paths -> paths.map { it.fileName.toString() }.toList() }
                .mapNotNull { name ->
                    name.removePrefix(prefix).takeIf { name.startsWith(prefix) }?.toIntOrNull()?.let { it to name }
                }
        return numbered.sortedByDescending { it.first }.map { active.resolveSibling(it.second) } +
            listOfNotNull(active.takeIf { Files.exists(it) })
    }
}
