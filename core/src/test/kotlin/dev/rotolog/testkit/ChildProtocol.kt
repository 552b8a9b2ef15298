package dev.rotolog.testkit

import dev.rotolog.TargetStats
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * The lines a child JVM and its parent exchange. The child prints [READY] and blocks on stdin; the parent sends [GO] to
 * every child once all are ready (see [StartBarrier]). While working the child prints [PROGRESS] lines; paused it
 * prints [PAUSED] and waits for another [GO]; at the end [STATS] (closing modes only) and [DONE].
 */
object ChildProtocol {
    const val READY: String = "READY"
    const val GO: String = "GO"
    const val PROGRESS: String = "PROGRESS"
    const val PAUSED: String = "PAUSED"
    const val STATS: String = "STATS"
    const val DONE: String = "DONE"
    const val RENAMED: String = "RENAMED"

    /** The child's archiver stopped at a test pause point: `ARCHIVE_PAUSED step=<ArchiveStep> file=<name>`. */
    const val ARCHIVE_PAUSED: String = "ARCHIVE_PAUSED"

    /** `COUNTERS at=<epoch ms> accepted= written= dropped= lost= errors=`, every `countersEveryMillis` after GO. */
    const val COUNTERS: String = "COUNTERS"

    /** `CLOSED millis=<n>`: how long `close()` took, printed before [STATS]. */
    const val CLOSED: String = "CLOSED"

    /** `START_FAILED <exception class>: <message>`: configuring rotolog threw; the child exits with 4. */
    const val START_FAILED: String = "START_FAILED"

    /** Reads `key=value` fields of a protocol line such as `PROGRESS t=0 logged=5000 written=4100`. */
    fun fields(line: String): Map<String, String> =
        line.split(' ').drop(1).filter { '=' in it }.associate { it.substringBefore('=') to it.substringAfter('=') }
}

/**
 * A start barrier without sleeps: waits until every child has printed [ChildProtocol.READY], then sends
 * [ChildProtocol.GO] to all of them, so they start logging within the time it takes to write a few pipes.
 */
object StartBarrier {
    /** Releases [children] and returns `System.nanoTime()` at the release. */
    fun release(children: List<ChildJvm>, timeout: Duration = ChildJvm.DEFAULT_TIMEOUT): Long {
        val deadline = System.nanoTime() + timeout.inWholeNanoseconds
        for (child in children) {
            val left = (deadline - System.nanoTime()).coerceAtLeast(1).nanoseconds
            child.awaitLine(left) { it == ChildProtocol.READY }
        }
        val released = System.nanoTime()
        for (child in children) child.send(ChildProtocol.GO)
        return released
    }
}

/** The counters of a child's file target, as it printed them in its [ChildProtocol.STATS] line. */
class ChildStats(
    val accepted: Long,
    val written: Long,
    val dropped: Long,
    val lost: Long,
    val errors: Long,
    val batches: Long,
    val tornTailsRepaired: Long,
    val lockWaitNanosMax: Long,
    val lockHoldNanosMax: Long,
    val lockHoldNanosP99: Long,
    val lockHoldNanosTotal: Long,
    val rotations: Long = 0,
    val lateRecords: Long = 0,
    val maxLatenessMillis: Long = 0,
) {
    val meanBatchSize: Double
        get() = if (batches == 0L) 0.0 else written.toDouble() / batches

    /** The line a child prints. */
    fun toLine(): String =
        "${ChildProtocol.STATS} accepted=$accepted written=$written dropped=$dropped lost=$lost errors=$errors " +
            "batches=$batches tornTailsRepaired=$tornTailsRepaired lockWaitNanosMax=$lockWaitNanosMax " +
            "lockHoldNanosMax=$lockHoldNanosMax lockHoldNanosP99=$lockHoldNanosP99 lockHoldNanosTotal=$lockHoldNanosTotal " +
            "rotations=$rotations lateRecords=$lateRecords maxLatenessMillis=$maxLatenessMillis"

    override fun toString(): String = toLine()

    companion object {
        fun of(stats: TargetStats): ChildStats =
            ChildStats(
                accepted = stats.accepted,
                written = stats.written,
                dropped = stats.dropped,
                lost = stats.lost,
                errors = stats.errors,
                batches = stats.batches,
                tornTailsRepaired = stats.tornTailsRepaired,
                lockWaitNanosMax = stats.lockWaitNanosMax,
                lockHoldNanosMax = stats.lockHoldNanosMax,
                lockHoldNanosP99 = stats.lockHoldNanosP99,
                lockHoldNanosTotal = stats.lockHoldNanosTotal,
                rotations = stats.rotations,
                lateRecords = stats.lateRecords,
                maxLatenessMillis = stats.maxLatenessMillis,
            )

        fun parse(line: String): ChildStats {
            require(line.startsWith(ChildProtocol.STATS + " ")) { "not a stats line: $line" }
            val f = ChildProtocol.fields(line)
            fun long(key: String) = f[key]?.toLongOrNull() ?: throw IllegalArgumentException("no $key in: $line")
            return ChildStats(
                accepted = long("accepted"),
                written = long("written"),
                dropped = long("dropped"),
                lost = long("lost"),
                errors = long("errors"),
                batches = long("batches"),
                tornTailsRepaired = long("tornTailsRepaired"),
                lockWaitNanosMax = long("lockWaitNanosMax"),
                lockHoldNanosMax = long("lockHoldNanosMax"),
                lockHoldNanosP99 = long("lockHoldNanosP99"),
                lockHoldNanosTotal = long("lockHoldNanosTotal"),
                rotations = long("rotations"),
                lateRecords = long("lateRecords"),
                maxLatenessMillis = long("maxLatenessMillis"),
            )
        }
    }
}
