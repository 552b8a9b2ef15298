package dev.rotolog.archive

import dev.rotolog.rotation.ArchiveName
import dev.rotolog.rotation.PeriodBoundaries
import java.time.Instant
import java.time.ZonedDateTime

/**
 * Decides, without I/O, which archives [retention] removes: a pure function from the archives found and the time to the
 * archives to delete.
 *
 * Archives are taken newest first (by the period and index in their names) and kept while every limit still holds with
 * them; the first one that would break a limit and every older one are deleted. So the archives kept are always the
 * newest ones, and a small old archive never survives a large newer one that had to go. The size limit never deletes
 * the newest archive, even one larger than the limit on its own (the count limit is at least 1; only the age limit can
 * delete it).
 *
 * An archive's age is the time from the end of its period ([periodEnd], from the name) to now; an archive whose period
 * end is unknown (size-only names) or in the future (a clock that went back) is never too old.
 */
internal class RetentionPlanner(
    private val retention: Retention,
    /** When the period an archive name belongs to ends, or null when the name carries no period. */
    private val periodEnd: (ArchiveName) -> Instant?,
) {
    /**
     * The archives of [groups] to delete at [now], oldest first. With [countSize] false the size limit is left out: the
     * pass uses that before compressing, so as not to compress what is about to go, while sizes are still the raw ones.
     */
    fun expired(groups: Collection<ArchiveGroup>, now: Instant, countSize: Boolean = true): List<ArchiveGroup> {
        val newestFirst = groups.filter { it.exists }.sortedDescending()
        val maxCount = retention.archives
        val maxAgeMillis = retention.maxAge?.inWholeMilliseconds
        val maxSize = if (countSize) retention.totalSize else null
        var count = 0
        var total = 0L
        for ((i, group) in newestFirst.withIndex()) {
            val fits =
                (maxCount == null || count < maxCount) &&
                    // The newest archive is kept whatever its size: one archive larger than the limit must not take
                    // the whole history with it.
                    (maxSize == null || i == 0 || total + group.size <= maxSize) &&
                    (maxAgeMillis == null || !olderThan(group.name, maxAgeMillis, now))
            if (!fits) return newestFirst.subList(i, newestFirst.size).asReversed().toList()
            count++
            total += group.size
        }
        return emptyList()
    }

    private fun olderThan(name: ArchiveName, maxAgeMillis: Long, now: Instant): Boolean {
        val end = periodEnd(name) ?: return false
        return now.toEpochMilli() - end.toEpochMilli() > maxAgeMillis
    }

    internal companion object {
        /**
         * The end of the period an archive name belongs to on [boundaries]' grid: the next boundary after the period's
         * start, where the start is the label's local time, at the name's repeat offset when it has one (the second
         * showing of a repeated time), else at its first showing (a label inside a DST gap, the day of a skipped
         * midnight, starts at the gap's end).
         */
        fun periodEnd(boundaries: PeriodBoundaries, name: ArchiveName): Instant? {
            val label = name.label ?: return null
            val repeat = name.repeatOffset
            val start =
                if (repeat != null) label.toInstant(repeat)
                else ZonedDateTime.ofLocal(label, boundaries.zone, null).toInstant()
            return boundaries.nextBoundary(start)
        }
    }
}
