package dev.rotolog.testkit

import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.PeriodUnit
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
}
