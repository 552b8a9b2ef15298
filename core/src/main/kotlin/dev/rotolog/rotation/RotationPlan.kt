package dev.rotolog.rotation

import dev.rotolog.lock.SharedState

/**
 * What to do with one batch (or one rotation check), decided by [RotationPlanner.plan] without any I/O.
 *
 * Executing it, all while holding the lock the inputs were read under:
 * 1. [RotationStep.Write]: append the bytes of those records to the active file.
 * 2. [RotationStep.Rotate]: force the file if the durability asks for it, close it, rename the active file to the
 *    archive name with a rename that never replaces (`Files.move` without `REPLACE_EXISTING` and without `ATOMIC_MOVE`,
 *    which on Linux would replace silently), then create the new active file and go on. If the rename fails, rotate no
 *    further in this plan: write the remaining records to the current file and store the
 *    [RotationStep.Rotate.stateAfter] of the last rotation that succeeded (or the state read, if none).
 * 3. Store [newState] in the lock file when it differs from the state the plan was made from.
 * 4. After releasing the lock, hand the archives to the archiver.
 *
 * A crash between any two of these steps is safe: after a rename the old archive exists, so its name is never chosen
 * again, and an empty or missing active file is never archived; the state, still the old one, at worst makes the next
 * holder skip to a higher index.
 */
internal class RotationPlan(
    val steps: List<RotationStep>,
    val newState: SharedState,
    /**
     * Records that land in a file whose period starts after the record was made: made before a boundary but written
     * after another process had already rotated, or written after the clock went back.
     */
    val lateRecords: Int,
    /** The largest distance, in milliseconds, from a late record's creation to the start of its file's period. */
    val maxLateMillis: Long,
) {
    override fun toString(): String =
        "RotationPlan(steps=$steps, newState=$newState, late=$lateRecords/$maxLateMillis ms)"
}
