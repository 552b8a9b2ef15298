package dev.rotolog.archive

import java.nio.file.Path

/** The points of an archiver pass where a crash leaves something for the next pass to repair. */
internal enum class ArchiveStep {
    /** `x.gz.part` exists and the first chunk of `x` has gone into it: a compression half done. */
    PART_CREATED,

    /** `x.gz` is complete and in place; the raw `x` is not deleted yet. */
    PUBLISHED,

    /** Retention has deleted one file of an archive and has more to delete. */
    RETENTION_DELETED,
}

/**
 * Test pause points: the crash tests' child JVMs set [onStep] to stop at an [ArchiveStep] until they are killed
 * there. Nothing in rotolog sets it; unset, [reached] costs one volatile read.
 */
internal object ArchiveTestPoints {
    @Volatile var onStep: ((ArchiveStep, Path) -> Unit)? = null

    fun reached(step: ArchiveStep, path: Path) {
        onStep?.invoke(step, path)
    }
}
