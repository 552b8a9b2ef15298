package dev.rotolog.rotation

import dev.rotolog.lock.SharedState

/** One step of a [RotationPlan], executed in order under the cross-process lock. */
internal sealed interface RotationStep {
    /** Append records [fromRecord] (inclusive) to [toRecord] (exclusive) of the batch to the active file. */
    data class Write(val fromRecord: Int, val toRecord: Int) : RotationStep {
        init {
            require(fromRecord in 0 until toRecord) { "empty or negative range $fromRecord..<$toRecord" }
        }
    }

    /**
     * Rename the active file to [archiveName] in the same directory, never replacing an existing file, and start a new,
     * empty active file. [archiveName] was free in the names the planner was given.
     */
    data class Rotate(
        val archiveName: String,
        val reason: RotationReason,
        /** Epoch millis of the start of the period the archive holds; [SharedState.NO_PERIOD] for size-only. */
        val archivedPeriodStart: Long,
        /** The size-split index in [archiveName] (0 = none). */
        val index: Int,
        /**
         * The shared state once this rotation is done. If a later step fails, the writer stores the [stateAfter] of the
         * last rotation that succeeded (or the state it read, if none did), so the state never claims a rotation that
         * did not happen.
         */
        val stateAfter: SharedState,
    ) : RotationStep
}

/** Why a [RotationStep.Rotate] was planned; for counters, the status report and the test journal. */
internal enum class RotationReason {
    /** The active file's period ended (at a boundary, or found at start from an older period). */
    TIME,

    /** The next record would have made the active file larger than the size limit. */
    SIZE,

    /**
     * The shared state's period starts more than a day after the clock's now: a clock that was far ahead and was
     * corrected. Waiting for the clock to catch up would stop time rotation for that long, so the planner archives the
     * file and starts over in the clock's current period.
     */
    CLOCK_BEHIND,
}
