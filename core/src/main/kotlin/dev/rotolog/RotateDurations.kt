package dev.rotolog

import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/**
 * Rotates every [period] on wall-clock boundaries, written with kotlin.time's helpers: `every(15.minutes)`,
 * `every(1.hours)`, `every(1.days)`, `every(7.days)` (weekly). The same as `every(15, MINUTES)`; the period must be a
 * whole number of one unit, and the amounts allowed are those of [RotateBuilder.every].
 *
 * @throws IllegalArgumentException when [period] is not a whole number of seconds, or its amount in the largest unit
 *   that divides it is not allowed (`90.minutes` is 90 MINUTES, which does not divide an hour evenly).
 */
public fun RotateBuilder.every(period: Duration) {
    val (amount, unit) = wholeUnits(period)
    every(amount, unit)
}

/**
 * [period] as a whole amount of the largest unit that divides it; the amount itself is checked by
 * [RotateBuilder.every].
 */
private fun wholeUnits(period: Duration): Pair<Int, PeriodUnit> {
    val week = 7.days
    val candidates =
        listOf(
            week to PeriodUnit.WEEKS,
            1.days to PeriodUnit.DAYS,
            1.hours to PeriodUnit.HOURS,
            1.minutes to PeriodUnit.MINUTES,
        )
    if (period.isPositive() && period.isFinite()) {
        for ((size, unit) in candidates) {
            if (period.inWholeNanoseconds % size.inWholeNanoseconds == 0L) {
                val amount = period.inWholeNanoseconds / size.inWholeNanoseconds
                if (amount <= Int.MAX_VALUE) return amount.toInt() to unit
            }
        }
    }
    val seconds = period.inWholeSeconds
    if (!period.isFinite() || period != seconds.seconds || seconds !in Int.MIN_VALUE..Int.MAX_VALUE) {
        throw RotateDurationException(
            "rotate.every: $period is not a whole number of seconds; use e.g. 15.minutes, 1.hours or 1.days"
        )
    }
    return seconds.toInt() to PeriodUnit.SECONDS
}

/** A rotation period given as a [Duration] that is no whole number of seconds; the file target adds its name. */
internal class RotateDurationException(message: String) : IllegalArgumentException(message)
