package dev.rotolog.writer

import dev.rotolog.TargetStats
import dev.rotolog.status.StatusReporter
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicLongArray
import java.util.concurrent.atomic.LongAdder

/** The counters of one writer. Callers bump the atomics; the writer thread alone updates the rest. */
internal class WriterCounters(private val path: String) {
    /** Bumped by every caller: a LongAdder spreads the contention an AtomicLong would put on one cache line. */
    val accepted = LongAdder()
    val dropped = AtomicLong()
    val rejectedAfterClose = AtomicLong()
    val lost = AtomicLong()

    @Volatile var written = 0L

    @Volatile var errors = 0L

    @Volatile var batches = 0L

    @Volatile var tornTailsRepaired = 0L

    @Volatile var rotations = 0L

    @Volatile var lateRecords = 0L

    @Volatile var maxLateMillis = 0L

    @Volatile var lockWaitTotal = 0L

    @Volatile var lockWaitMax = 0L

    @Volatile var lockHoldTotal = 0L

    @Volatile var lockHoldMax = 0L

    /** Bucket i counts lock holds of [2^i, 2^(i+1)) nanoseconds. */
    private val holdHistogram = AtomicLongArray(64)

    fun recordLock(waitNanos: Long, holdNanos: Long) {
        lockWaitTotal += waitNanos
        if (waitNanos > lockWaitMax) lockWaitMax = waitNanos
        lockHoldTotal += holdNanos
        if (holdNanos > lockHoldMax) lockHoldMax = holdNanos
        holdHistogram.incrementAndGet(63 - java.lang.Long.numberOfLeadingZeros(holdNanos.coerceAtLeast(1)))
    }

    private fun holdPercentile(fraction: Double): Long {
        val counts = LongArray(64) { holdHistogram.get(it) }
        val total = counts.sum()
        if (total == 0L) return 0
        val rank = Math.ceil(total * fraction).toLong()
        var seen = 0L
        for (i in counts.indices) {
            seen += counts[i]
            if (seen >= rank) return (1L shl (i + 1)) - 1
        }
        return lockHoldMax
    }

    /**
     * At close: one line with the exact figures, never rate-limited, whenever a record was dropped or lost, so a loss
     * is never reported only into the log that could not be written, nor held back by the rate limit.
     */
    fun reportLossesAtClose(status: StatusReporter) {
        val stats = snapshot()
        if (stats.dropped == 0L && stats.lost == 0L) return
        status.reportAlways(
            "closed $path: accepted=${stats.accepted} written=${stats.written} dropped=${stats.dropped} " +
                "lost=${stats.lost} (not written: dropped by the overflow policy, or lost)"
        )
    }

    fun snapshot(): TargetStats =
        TargetStats(
            path = path,
            accepted = accepted.sum(),
            written = written,
            dropped = dropped.get(),
            rejectedAfterClose = rejectedAfterClose.get(),
            lost = lost.get(),
            errors = errors,
            batches = batches,
            tornTailsRepaired = tornTailsRepaired,
            rotations = rotations,
            lateRecords = lateRecords,
            maxLatenessMillis = maxLateMillis,
            lockWaitNanosTotal = lockWaitTotal,
            lockWaitNanosMax = lockWaitMax,
            lockHoldNanosTotal = lockHoldTotal,
            lockHoldNanosMax = lockHoldMax,
            lockHoldNanosP99 = holdPercentile(0.99).coerceAtMost(lockHoldMax),
        )
}
