package dev.rotolog.archive

import kotlin.time.Duration

/**
 * What happens to a file target's archives after rotation: whether they are gzip-compressed ([compress]) and which are
 * kept ([retention]). Set in a `file(...)` block with `compress = true`, `compressionDelay = ...` and `keep { ... }`;
 * immutable and validated.
 *
 * Archiving runs in a background coroutine of each process, outside the lock the writers take, so a writer never waits
 * for a compression. Across processes, one archiver at a time works on one file's archives; the others find the work
 * done. A process that dies mid-way leaves files that the next pass (at start, and after each rotation, in any process)
 * finishes or cleans up.
 */
public class ArchiveSettings
internal constructor(
    /** Whether closed archives are compressed to `<archive>.gz`. The active file is never compressed. */
    public val compress: Boolean,
    /**
     * Each pass first waits a random time between zero and this, so machines that rotate at the same boundary do not
     * all compress at the same moment. Zero (the default) starts at once.
     */
    public val compressionDelay: Duration,
    /** Which archives are kept. */
    public val retention: Retention,
) {
    /** Whether there is anything for an archiver to do. */
    internal val active: Boolean
        get() = compress || retention.limits

    override fun equals(other: Any?): Boolean =
        other is ArchiveSettings &&
            other.compress == compress &&
            other.compressionDelay == compressionDelay &&
            other.retention == retention

    override fun hashCode(): Int = (compress.hashCode() * 31 + compressionDelay.hashCode()) * 31 + retention.hashCode()

    override fun toString(): String =
        "ArchiveSettings(compress=$compress, compressionDelay=$compressionDelay, retention=$retention)"

    internal companion object {
        /** No compression, every archive kept: the default, which needs no archiver. */
        val NONE: ArchiveSettings = ArchiveSettings(false, Duration.ZERO, Retention.ALL)
    }
}
