package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import java.time.temporal.TemporalAdjusters
import java.time.zone.ZoneOffsetTransition

/**
 * The wall-clock grid of one [RotationPeriod] in one zone: where periods start and end, and what they are called.
 *
 * A local date-time is *aligned* when flooring it to the period changes nothing (xx:00:00 for hours, :00/:15/... for 15
 * minutes, midnight for days, midnight of the first day for weeks). A *boundary* is an instant at which the wall clock
 * shows an aligned time, or the instant of a DST gap that skipped one. Consequences, which the table tests pin down:
 * - days last 23 or 25 hours across DST changes; hours in the spring-forward gap get no period at all;
 * - a fall-back hour that repeats gives two distinct hourly periods (the clock shows 01:00 twice), and sub-hour periods
 *   in zones whose offset moves by 30 minutes work the same way;
 * - for days and weeks a repeated midnight (zones that fall back across midnight) is not a second boundary: a date gets
 *   one period.
 *
 * Time zone rules come from the JVM's tzdata; the grid is only as right as those rules.
 */
internal class PeriodBoundaries(val period: RotationPeriod, val zone: ZoneId) {
    private val rules = zone.rules
    private val amount = period.amount
    private val unit = period.unit

    /** Whether a time the clock shows twice starts a period twice (hours and below) or once (days, weeks). */
    private val repeatsAreBoundaries = unit < PeriodUnit.DAYS

    /** The start of the period that contains [instant]: the latest boundary at or before it. */
    fun periodStart(instant: Instant): Instant {
        var t = instant
        while (true) {
            val offset = rules.getOffset(t)
            val floor = floor(LocalDateTime.ofEpochSecond(t.epochSecond, t.nano, offset))
            // previousTransition is strictly before its argument; one nanosecond more includes a transition at t.
            val transition = rules.previousTransition(t.plusNanos(1)) ?: return floor.toInstant(offset)
            if (floor >= transition.dateTimeAfter) {
                // The clock has shown [floor] at this offset since the last transition; a day or week start the
                // clock shows for the second time is not a new period, the first showing before the jump is.
                if (repeatsAreBoundaries || !isRepeated(floor, t)) return floor.toInstant(offset)
            } else if (startsPeriod(transition)) {
                return transition.instant
            }
            // No boundary since the last transition: look in the time before it.
            t = transition.instant.minusNanos(1)
        }
    }

    /** The first boundary strictly after [instant]: when the period containing it ends. */
    fun nextBoundary(instant: Instant): Instant {
        var t = instant
        while (true) {
            val offset = rules.getOffset(t)
            val next = step(floor(LocalDateTime.ofEpochSecond(t.epochSecond, t.nano, offset)))
            val transition = rules.nextTransition(t)
            if (transition == null || next < transition.dateTimeBefore) {
                // The clock shows [next] at this offset before the next transition happens. For days and weeks
                // it may be the second showing of a midnight (a fall-back of hours across midnight), which is
                // not a boundary: go on from there.
                if (repeatsAreBoundaries || !isRepeated(next, t)) return next.toInstant(offset)
                t = next.toInstant(offset)
                continue
            }
            if (startsPeriod(transition)) return transition.instant
            t = transition.instant
        }
    }

    /**
     * The local date-time a period starting at [start] is named after. Usually the wall-clock time at [start]; for a
     * period that begins at a DST gap it is the skipped aligned time (the day of a skipped midnight).
     */
    fun label(start: Instant): LocalDateTime = floor(LocalDateTime.ofInstant(start, zone))

    /**
     * The UTC offset that tells the period starting at [start] apart from an earlier period with the same [label], or
     * null when the label is used once. Only the second showing of a time the clock repeats (DST fall-back) needs it.
     */
    fun repeatOffset(start: Instant): ZoneOffset? {
        if (!repeatsAreBoundaries) return null
        val transition = rules.getTransition(label(start)) ?: return null
        val offset = rules.getOffset(start)
        return if (transition.isOverlap && offset == transition.offsetAfter) offset else null
    }

    /** Whether [local], shown at the instant [at] or later at the same offset, was shown before a fall-back. */
    private fun isRepeated(local: LocalDateTime, at: Instant): Boolean {
        val last = rules.previousTransition(at.plusNanos(1)) ?: return false
        return last.isOverlap && local >= last.dateTimeAfter && local < last.dateTimeBefore
    }

    /** Whether the wall clock jumping at [transition] starts a new period at the jump's instant. */
    private fun startsPeriod(transition: ZoneOffsetTransition): Boolean =
        if (transition.isGap) {
            // Any aligned time that was skipped (or the aligned time the clock lands on) starts a period at the jump.
            ceil(transition.dateTimeBefore) <= transition.dateTimeAfter
        } else {
            repeatsAreBoundaries && isAligned(transition.dateTimeAfter)
        }

    private fun isAligned(local: LocalDateTime): Boolean = floor(local) == local

    private fun ceil(local: LocalDateTime): LocalDateTime = floor(local).let { if (it == local) it else step(it) }

    /** The latest aligned local date-time at or before [local]. */
    fun floor(local: LocalDateTime): LocalDateTime =
        when (unit) {
            PeriodUnit.SECONDS ->
                local.truncatedTo(ChronoUnit.SECONDS).let { it.withSecond(it.second - it.second % amount) }
            PeriodUnit.MINUTES ->
                local.truncatedTo(ChronoUnit.MINUTES).let { it.withMinute(it.minute - it.minute % amount) }
            PeriodUnit.HOURS -> local.truncatedTo(ChronoUnit.HOURS).let { it.withHour(it.hour - it.hour % amount) }
            PeriodUnit.DAYS -> local.truncatedTo(ChronoUnit.DAYS)
            PeriodUnit.WEEKS ->
                local.toLocalDate().with(TemporalAdjusters.previousOrSame(period.firstDayOfWeek)).atStartOfDay()
        }

    /** The aligned local date-time after the aligned [local]. */
    private fun step(local: LocalDateTime): LocalDateTime =
        when (unit) {
            PeriodUnit.SECONDS -> local.plusSeconds(amount.toLong())
            PeriodUnit.MINUTES -> local.plusMinutes(amount.toLong())
            PeriodUnit.HOURS -> local.plusHours(amount.toLong())
            PeriodUnit.DAYS -> local.plusDays(1)
            PeriodUnit.WEEKS -> local.plusWeeks(1)
        }
}
