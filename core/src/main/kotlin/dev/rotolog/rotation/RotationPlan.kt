package dev.rotolog.rotation

import dev.rotolog.lock.SharedState

/**
 * What to do with one batch (or one rotation check), decided by [RotationPlanner.plan] without any I/O.
 *
 * Execute [steps] in order while still holding the lock that the inputs were read under, then store [newState]
 * in the lock file (when [stateChanged]).
 */
internal class RotationPlan(
    val steps: List<RotationStep>,
    val newState: SharedState,
    /**
     * Records that land in a file whose period starts after the record was made: made before a boundary but
     * written after another process had already rotated, or written after the clock went back.
     */
    val lateRecords: Int,
    /** The largest distance, in milliseconds, from a late record's creation to the start of its file's period. */
    val maxLateMillis: Long,
    private val initialState: SharedState,
) {
    /** The rotations of this plan, in order. */
    val rotations: List<RotationStep.Rotate> get() = steps.filterIsInstance<RotationStep.Rotate>()

    /** Whether [newState] differs from the state the plan was made from and so must be written back. */
    val stateChanged: Boolean get() = newState != initialState

    override fun toString(): String = "RotationPlan(steps=$steps, newState=$newState, late=$lateRecords/$maxLateMillis ms)"
}
