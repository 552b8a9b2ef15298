package dev.rotolog.archive

/**
 * The points of an archiver pass where a crash leaves something for the next pass to repair; the pass tells its step
 * listener (`Environment.onArchiveStep`) of each, so crash tests can stop a child JVM there.
 */
internal enum class ArchiveStep {
    /** `x.gz.part` exists and the first chunk of `x` has gone into it: a compression half done. */
    PART_CREATED,

    /** `x.gz` is complete and in place; the raw `x` is not deleted yet. */
    PUBLISHED,

    /** Retention has deleted one file of an archive and has more to delete. */
    RETENTION_DELETED,
}
