package dev.rotolog.archive

import dev.rotolog.rotation.ArchiveName

/**
 * One archive as an archiver pass finds it in the directory: the raw file `x`, the compressed `x.gz` and a leftover
 * `x.gz.part`, any of which may be missing. Retention counts a group once, however many of its files exist. The sizes
 * are the pass's own bookkeeping: it updates them as it compresses and deletes.
 */
internal class ArchiveGroup(
    /** The parsed name of the raw archive `x` (also when only `x.gz` exists); groups sort oldest first by it. */
    val name: ArchiveName
) : Comparable<ArchiveGroup> {
    /** Size of `x` in bytes, or [ABSENT]. */
    var rawSize: Long = ABSENT

    /** Size of `x.gz` in bytes, or [ABSENT]. */
    var gzSize: Long = ABSENT

    /** Whether an `x.gz.part` exists. */
    var part: Boolean = false

    /**
     * The name (`x.gz` or `x.gz.part`) where something other than a regular file sits (a FIFO, a directory, a symlink),
     * or null. It is not ours, so it is never opened or deleted, and `x` cannot be compressed past it.
     */
    var obstruction: String? = null

    val rawName: String
        get() = name.fileName

    val gzName: String
        get() = name.fileName + ArchiveName.GZ

    val partName: String
        get() = gzName + PART

    /** Every name a file of this archive may have. */
    val memberNames: List<String>
        get() = listOf(rawName, gzName, partName)

    val hasRaw: Boolean
        get() = rawSize != ABSENT

    val hasGz: Boolean
        get() = gzSize != ABSENT

    /** Whether the archive still exists in some form (a lone `.part` is not an archive). */
    val exists: Boolean
        get() = hasRaw || hasGz

    /** The bytes retention counts: the compressed file's when there is one (it is what stays), else the raw's. */
    val size: Long
        get() = if (hasGz) gzSize else if (hasRaw) rawSize else 0

    /** The pass found that this is not one of its archives after all: from now on it neither counts nor is touched. */
    fun forget() {
        rawSize = ABSENT
        gzSize = ABSENT
        part = false
    }

    override fun compareTo(other: ArchiveGroup): Int = name.compareTo(other.name)

    override fun toString(): String =
        "ArchiveGroup(${name.fileName}, raw=${if (hasRaw) rawSize else "-"}, gz=${if (hasGz) gzSize else "-"}, part=$part${obstruction?.let { ", obstruction=$it" } ?: ""})"

    companion object {
        const val ABSENT: Long = -1
        const val PART: String = ".part"
    }
}
