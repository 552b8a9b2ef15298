package dev.rotolog

/**
 * A snapshot of one file target's counters, shared by every owner in this JVM that writes the same file.
 *
 * Every accepted record is eventually written or, when the JVM could not write it before a close timed out, counted in
 * [lost]: after a close, `accepted == written + lost`.
 */
public class TargetStats
internal constructor(
    public val path: String,
    /** Records taken into the queue. */
    public val accepted: Long,
    /** Records written to the file. */
    public val written: Long,
    /** Records refused by a full queue under the overflow policy; the log itself says how many. */
    public val dropped: Long,
    /** Records logged after the owner was closed; they are not written. */
    public val rejectedAfterClose: Long,
    /** Accepted records abandoned because closing timed out while the file could not be written. */
    public val lost: Long,
    /** Write, open or lock errors seen (each is retried). */
    public val errors: Long,
    /** Batches written; each takes the cross-process lock once. */
    public val batches: Long,
    /** Incomplete records left by a crashed writer that were cut off before writing. */
    public val tornTailsRepaired: Long,
    /** Rotations this JVM carried out (the others' are not counted here: each period rotates once in total). */
    public val rotations: Long,
    /** Records written into a file whose period started after they were made (made before a boundary). */
    public val lateRecords: Long,
    /** The largest lateness of a late record: its file's period start minus the record's time, in ms. */
    public val maxLatenessMillis: Long,
    public val lockWaitNanosTotal: Long,
    public val lockWaitNanosMax: Long,
    public val lockHoldNanosTotal: Long,
    public val lockHoldNanosMax: Long,
    /** The 99th percentile of lock hold time, to within a factor of two (a power-of-two histogram). */
    public val lockHoldNanosP99: Long,
) {
    /** Mean records per batch. */
    public val meanBatchSize: Double
        get() = if (batches == 0L) 0.0 else written.toDouble() / batches

    override fun toString(): String =
        "TargetStats(path=$path, accepted=$accepted, written=$written, dropped=$dropped, " +
            "rejectedAfterClose=$rejectedAfterClose, lost=$lost, errors=$errors, batches=$batches, " +
            "tornTailsRepaired=$tornTailsRepaired, rotations=$rotations, lateRecords=$lateRecords, " +
            "maxLatenessMillis=$maxLatenessMillis, lockWaitMaxMs=${lockWaitNanosMax / 1e6}, " +
            "lockHoldMaxMs=${lockHoldNanosMax / 1e6}, lockHoldP99Ms=${lockHoldNanosP99 / 1e6})"
}
