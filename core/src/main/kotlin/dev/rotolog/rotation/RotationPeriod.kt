package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import java.time.DayOfWeek

/**
 * How often a file rotates on time: every [amount] [unit]s, on wall-clock boundaries of the target's zone.
 *
 * Boundaries are found by flooring local time, never by adding an interval to a start time: hourly periods begin at
 * xx:00:00, every 15 minutes at :00, :15, :30 and :45, daily periods at local midnight, weekly periods at midnight of
 * [firstDayOfWeek]. So [amount] must divide the next larger unit evenly (seconds and minutes: a divisor of 60 below 60;
 * hours: a divisor of 24 below 24); days and weeks rotate one at a time, because months and years have no whole number
 * of them and so no aligned grid.
 *
 * Built by `rotate { every(...) }` in the configuration DSL, which validates it.
 */
public class RotationPeriod
internal constructor(
    /** How many [unit]s one period lasts on the wall clock. */
    public val amount: Int,
    /** The unit of [amount]; it also decides the date format of archive names. */
    public val unit: PeriodUnit,
    /** The day weekly periods start on; ignored by the other units. */
    public val firstDayOfWeek: DayOfWeek = DayOfWeek.MONDAY,
) {
    override fun equals(other: Any?): Boolean =
        other is RotationPeriod &&
            other.amount == amount &&
            other.unit == unit &&
            (unit != PeriodUnit.WEEKS || other.firstDayOfWeek == firstDayOfWeek)

    override fun hashCode(): Int =
        (amount * 31 + unit.hashCode()) * 31 + if (unit == PeriodUnit.WEEKS) firstDayOfWeek.hashCode() else 0

    override fun toString(): String =
        if (unit == PeriodUnit.WEEKS) "$amount $unit from $firstDayOfWeek" else "$amount $unit"

    internal companion object {
        private val SIXTY = listOf(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)
        private val TWENTY_FOUR = listOf(1, 2, 3, 4, 6, 8, 12)

        /** The amounts allowed for [unit]. */
        fun allowedAmounts(unit: PeriodUnit): List<Int> =
            when (unit) {
                PeriodUnit.SECONDS,
                PeriodUnit.MINUTES -> SIXTY
                PeriodUnit.HOURS -> TWENTY_FOUR
                PeriodUnit.DAYS,
                PeriodUnit.WEEKS -> listOf(1)
            }

        /**
         * A validated period; a wrong [amount] throws [IllegalArgumentException] naming [setting], the value and the
         * allowed amounts.
         */
        fun of(amount: Int, unit: PeriodUnit, firstDayOfWeek: DayOfWeek, setting: String): RotationPeriod {
            val allowed = allowedAmounts(unit)
            require(amount in allowed) {
                val choices =
                    allowed.dropLast(1).joinToString(", ") + (if (allowed.size > 1) " or " else "") + allowed.last()
                when {
                    amount <= 0 -> "$setting: $amount $unit is not a positive amount; use $choices"
                    unit == PeriodUnit.SECONDS ->
                        "$setting: $amount SECONDS does not divide a minute evenly; use $choices"
                    unit == PeriodUnit.MINUTES ->
                        "$setting: $amount MINUTES does not divide an hour evenly; use $choices"
                    unit == PeriodUnit.HOURS -> "$setting: $amount HOURS does not divide a day evenly; use $choices"
                    unit == PeriodUnit.DAYS ->
                        "$setting: $amount DAYS is not supported; use 1 DAYS (days have no aligned grid of more than one)"
                    else ->
                        "$setting: $amount WEEKS is not supported; use 1 WEEKS (weeks have no aligned grid of more than one)"
                }
            }
            return RotationPeriod(amount, unit, firstDayOfWeek)
        }
    }
}
