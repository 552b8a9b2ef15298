package dev.rotolog.rotation

import java.time.LocalDateTime
import java.time.ZoneOffset

/**
 * One of our own archive names, taken apart by [ArchiveNaming.parse].
 *
 * Archives sort oldest first by [compareTo]: by period label, the second showing of a repeated wall-clock time after
 * the first, then by index. Retention deletes in that order; the archiver uses [uncompressedName].
 */
internal data class ArchiveName(
    /** The whole file name as found in the directory. */
    val fileName: String,
    /** The local date-time of the period the archive belongs to; null for size-only archives. */
    val label: LocalDateTime?,
    /** The UTC offset that marks the second showing of a repeated time (DST fall-back); usually null. */
    val repeatOffset: ZoneOffset?,
    /** The size-split index: 0 for the first file of a period (no index in the name), 1, 2, ... after it. */
    val index: Int,
    /** Whether the name ends in `.gz` after an archive name. */
    val compressed: Boolean,
) : Comparable<ArchiveName> {
    /** The name without the `.gz` suffix: what the archive was called when it was rotated. */
    val uncompressedName: String
        get() = if (compressed) fileName.removeSuffix(GZ) else fileName

    /** Whether [other] names the same period (label and repeat) as this one. */
    fun samePeriodAs(other: ArchiveName): Boolean = label == other.label && repeatOffset == other.repeatOffset

    override fun compareTo(other: ArchiveName): Int = ORDER.compare(this, other)

    companion object {
        const val GZ: String = ".gz"

        private val ORDER: Comparator<ArchiveName> =
            compareBy<ArchiveName, LocalDateTime?>(nullsFirst()) { it.label }
                // The second showing of a repeated time (it carries an offset) comes after the first; ZoneOffset's
                // own order puts the same local time at different offsets in time order.
                .thenBy(nullsFirst()) { it.repeatOffset }
                .thenBy { it.index }
                .thenBy { it.fileName }
    }
}
