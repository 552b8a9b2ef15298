package dev.rotolog.rotation

import dev.rotolog.lock.SharedState
import java.time.Instant

/**
 * Decides, without any I/O, how one batch is written and where the active file rotates: a pure function from the shared
 * state, the time, the active file's size, the batch and the names in the directory to a [RotationPlan].
 *
 * Call [plan] while holding the cross-process lock, with the state and sizes read under that lock, and execute the plan
 * before releasing it. Because every process decides from the same shared state, N processes that check at the same
 * boundary rotate once: the first one rotates and moves the state on, the others find nothing to do.
 *
 * Rules:
 * - **Time.** The active file belongs to the state's period. Each record goes to the file of the period it was made in
 *   (its time capped at now), so a batch that straddles a boundary is split there: records made before it go to the old
 *   file, which is then archived under the old period's name. Periods only move forward: a record older than the active
 *   file's period is written to the active file and counted late. After the batch, if now is past the active period,
 *   the file rotates. A clock that jumped several periods ahead gives one rotation, not one per period passed.
 * - **Empty files** are never archived: the state just moves to the new period.
 * - **Clock going back**: no rotation until the clock is past the active period again, and names are never reused. Only
 *   when the state's period starts more than [CLOCK_BEHIND_LIMIT_MILLIS] after now (a clock that was far ahead and was
 *   corrected) the file is archived and the state starts over at now ([RotationReason.CLOCK_BEHIND]).
 * - **Size.** Rotate before a record would make the active file larger than the limit; a batch is split at record
 *   boundaries. A record larger than the limit goes alone into a file. The archive gets the index of the state, which
 *   then counts up within the period.
 * - **Names** come from [ArchiveNaming]. A name is taken if it exists, or if a derived name (`x.gz`, `x.gz.part`)
 *   exists; the planner then uses an index above the highest one of that period in the directory, so the order of
 *   indices stays the order of writing. Another log's active file ([LiveLogNames]: it has a `.lock` sidecar) is a taken
 *   name but does not count as the highest index: its index is just skipped.
 * - **No state yet** (a new or rebuilt lock file): the active file is taken to belong to the period of its
 *   last-modified time, the only hint left, so an old file found at start is archived under its own period.
 *
 * Limits: the planner trusts its inputs. The size must be the real file's size read under the lock, and the writer must
 * execute Rotate steps with a rename that never replaces (the names were free when listed, under the lock, but only a
 * no-replace rename makes "never overwrite" hold against anything else in the directory).
 */
internal class RotationPlanner(activeFileName: String, val settings: RotationSettings) {
    /** The period grid, or null for size-only rotation. The ticker uses it to sleep until the next boundary. */
    val boundaries: PeriodBoundaries? = settings.period?.let { PeriodBoundaries(it, settings.zone) }

    val naming: ArchiveNaming = ArchiveNaming(activeFileName, settings.period?.unit)

    /**
     * Plans the writing of [batch] (or, with [RecordBatch.EMPTY], only a rotation check).
     *
     * @param state the shared state read under the lock.
     * @param now the time the batch is written, from the owner's clock.
     * @param activeSize the active file's size in bytes under the lock (0 if it does not exist).
     * @param activeModified the active file's last-modified time; read only when [state] has no period.
     * @param existingNames the names of the files in the active file's directory; called at most once, and only when
     *   the plan rotates, so a plan without rotation lists nothing.
     */
    fun plan(
        state: SharedState,
        now: Instant,
        activeSize: Long,
        batch: RecordBatch = RecordBatch.EMPTY,
        activeModified: Instant? = null,
        existingNames: () -> Iterable<String>,
    ): RotationPlan {
        require(activeSize >= 0) { "negative size $activeSize" }
        return Planning(state, now, activeSize, batch, existingNames).run(activeModified)
    }

    /** The mutable bookkeeping of one [plan] call. */
    private inner class Planning(
        private val state: SharedState,
        private val now: Instant,
        private var size: Long,
        private val batch: RecordBatch,
        private val existingNames: () -> Iterable<String>,
    ) {
        private val nowMillis = now.toEpochMilli()
        private var period = state.periodStart
        private var index = state.splitIndex.coerceAtLeast(0)

        /** Epoch millis of the end of [period]; records from here on belong to a later period. */
        private var periodEnd = Long.MAX_VALUE
        private val steps = ArrayList<RotationStep>(4)
        private var writeFrom = 0
        private var late = 0
        private var maxLate = 0L
        private var taken: HashSet<String>? = null

        fun run(activeModified: Instant?): RotationPlan {
            val grid = boundaries
            if (grid == null) {
                period = SharedState.NO_PERIOD
                index = index.coerceAtLeast(1)
            } else {
                if (period == SharedState.NO_PERIOD) {
                    val since = if (size > 0 && activeModified != null) minOf(activeModified, now) else now
                    period = grid.periodStart(since).toEpochMilli()
                    index = 0
                } else if (period - nowMillis > CLOCK_BEHIND_LIMIT_MILLIS) {
                    moveTo(grid.periodStart(now).toEpochMilli(), 0, RotationReason.CLOCK_BEHIND)
                }
                periodEnd = grid.nextBoundary(Instant.ofEpochMilli(period)).toEpochMilli()
            }
            val maxSize = settings.maxSize
            for (i in 0 until batch.count) {
                if (grid != null) {
                    val made = minOf(batch.createdMillis[i], nowMillis)
                    if (made >= periodEnd)
                        moveTo(grid.periodStart(Instant.ofEpochMilli(made)).toEpochMilli(), i, RotationReason.TIME)
                    if (made < period) {
                        late++
                        maxLate = maxOf(maxLate, period - made)
                    }
                }
                val recordSize = batch.sizes[i]
                if (maxSize != null && size > 0 && size + recordSize > maxSize) rotate(i, RotationReason.SIZE, period)
                size += recordSize
            }
            flushWrite(batch.count)
            if (grid != null && nowMillis >= periodEnd) {
                moveTo(grid.periodStart(now).toEpochMilli(), batch.count, RotationReason.TIME)
            }
            return RotationPlan(steps, SharedState(period, index), late, maxLate)
        }

        /** Makes [newPeriod] the active file's period, archiving the file first unless it is empty. */
        private fun moveTo(newPeriod: Long, atRecord: Int, reason: RotationReason) {
            if (size > 0) {
                rotate(atRecord, reason, newPeriod)
            } else {
                period = newPeriod
                index = 0
            }
            boundaries?.let { periodEnd = it.nextBoundary(Instant.ofEpochMilli(newPeriod)).toEpochMilli() }
        }

        /** Archives the active file before record [atRecord]; the new file belongs to [newPeriod]. */
        private fun rotate(atRecord: Int, reason: RotationReason, newPeriod: Long) {
            flushWrite(atRecord)
            val archived = period
            val (name, used) = freeName(archived, index)
            period = newPeriod
            // A new period starts without index; a split within the period (or size-only) counts on.
            index = if (newPeriod == archived) used + 1 else 0
            size = 0
            steps += RotationStep.Rotate(name, reason, archived, used, SharedState(period, index))
        }

        private fun flushWrite(toRecord: Int) {
            if (toRecord > writeFrom) steps += RotationStep.Write(writeFrom, toRecord)
            writeFrom = toRecord
        }

        /** The first name for [periodStart] at or above [wanted] that is free and above every index in use. */
        private fun freeName(periodStart: Long, wanted: Int): Pair<String, Int> {
            val grid = boundaries
            val start = Instant.ofEpochMilli(periodStart)
            val label = grid?.label(start)
            val repeat = grid?.repeatOffset(start)
            val names = taken ?: existingNames().toHashSet().also { taken = it }
            var candidate = if (grid == null) maxOf(wanted, 1) else wanted
            // Directories can hold thousands of archives: parse only names that can be of this period.
            val prefix = naming.periodPrefix(label)
            for (existing in names) {
                if (!existing.startsWith(prefix)) continue
                // Another log's active file of archive shape (`app.7.log`, `app.{pid}.log`) is skipped below like any
                // name in use, but must not steer the index: `app.999999999.log` would push it out of the names
                // ArchiveNaming recognizes, and retention would never see those archives.
                if (LiveLogNames.isLive(existing, names)) continue
                val archive = naming.parse(existing) ?: continue
                if (archive.label == label && archive.repeatOffset == repeat)
                    candidate = maxOf(candidate, archive.index + 1)
            }
            var name = naming.name(label, repeat, candidate)
            while (isTaken(name, names)) name = naming.name(label, repeat, ++candidate)
            names += name
            return name to candidate
        }

        private fun isTaken(name: String, names: Set<String>): Boolean {
            if (name in names) return true
            val derived = "$name."
            return names.any { it.startsWith(derived) }
        }
    }

    internal companion object {
        /** How far the state's period may lie ahead of the clock before the planner stops waiting for the clock. */
        const val CLOCK_BEHIND_LIMIT_MILLIS: Long = 24L * 60 * 60 * 1000
    }
}
