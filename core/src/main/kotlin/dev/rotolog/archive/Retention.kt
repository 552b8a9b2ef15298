package dev.rotolog.archive

import kotlin.time.Duration

/**
 * Which archives of a file target are kept: at most [archives] of them, none whose period ended more than [maxAge] ago,
 * and at most [totalSize] bytes together. Built by `keep { ... }` in a `file(...)` block; a null limit does not apply.
 *
 * Retention deletes whole archives, oldest first by the period and index in their names, until every limit holds: the
 * archives kept are always the newest ones. An archive that exists both raw and compressed (a compression in progress,
 * or one a crash interrupted) counts once, with the size of its compressed file.
 *
 * Limits: only names that are exactly this target's own archive names are ever considered; the active file, the lock
 * files, files of other logs in the directory and names that merely look similar are never deleted. Another log's
 * active file whose name has the shape of one of this target's archives (`app.7.log` of `file("app.{key}.log")` beside
 * a size-rotated `app.log`) is recognized by its `.lock` sidecar and left alone, as is a name that could be an archive
 * of such a live log (`app.2026-11-21.1.log` beside a live `app.2026-11-21.log`). Neither counts towards any limit. An
 * archive's age comes from its name, never from the file's timestamps, so [maxAge] needs a time period in `rotate { }`.
 * Between two passes new archives may briefly exceed [archives] or [totalSize]; the pass that follows each rotation
 * brings them back within the limits.
 */
public class Retention
internal constructor(
    /** The most archives kept, or null for no count limit. */
    public val archives: Int?,
    /**
     * The longest time after the end of its period that an archive is kept, or null for no age limit. An archive's
     * period end is the latest time a record in it can have been made.
     */
    public val maxAge: Duration?,
    /**
     * The most bytes all archives may take together (compressed size where compressed), or null. The newest archive is
     * always kept, even when it alone is larger than this: the limit then keeps just that one.
     */
    public val totalSize: Long?,
) {
    /** Whether any limit is set. */
    internal val limits: Boolean
        get() = archives != null || maxAge != null || totalSize != null

    override fun equals(other: Any?): Boolean =
        other is Retention && other.archives == archives && other.maxAge == maxAge && other.totalSize == totalSize

    override fun hashCode(): Int = (archives.hashCode() * 31 + maxAge.hashCode()) * 31 + totalSize.hashCode()

    override fun toString(): String = "Retention(archives=$archives, maxAge=$maxAge, totalSize=$totalSize)"

    internal companion object {
        /** Keeps everything. */
        val ALL: Retention = Retention(null, null, null)
    }
}
