package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.shouldBe
import java.time.DayOfWeek
import java.time.Duration
import java.time.Instant
import java.time.LocalDateTime
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.ZoneOffset

/** Builds a grid for the tests: `every(amount, unit)` in [zone]. */
internal fun grid(zone: String, amount: Int, unit: PeriodUnit, firstDay: DayOfWeek = DayOfWeek.MONDAY) =
    PeriodBoundaries(RotationPeriod.of(amount, unit, firstDay, "test"), ZoneId.of(zone))

/** An instant written with its offset, so every row says exactly which showing of a local time it means. */
internal fun at(text: String): Instant = OffsetDateTime.parse(text).toInstant()

class PeriodBoundariesTest :
    FunSpec({
        data class Row(
            val zone: String,
            val amount: Int,
            val unit: PeriodUnit,
            val at: String,
            val start: String,
            val next: String,
            val why: String,
            val firstDay: DayOfWeek = DayOfWeek.MONDAY,
        )

        val rows =
            listOf(
                // UTC: every unit, N-aligned grids, exact boundaries, the year end and a leap day.
                Row(
                    "UTC",
                    1,
                    PeriodUnit.SECONDS,
                    "2026-11-21T14:15:07.250Z",
                    "2026-11-21T14:15:07Z",
                    "2026-11-21T14:15:08Z",
                    "a second",
                ),
                Row(
                    "UTC",
                    15,
                    PeriodUnit.SECONDS,
                    "2026-11-21T14:15:07.250Z",
                    "2026-11-21T14:15:00Z",
                    "2026-11-21T14:15:15Z",
                    "15 seconds align to :00/:15/:30/:45",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.MINUTES,
                    "2026-11-21T14:15:59.999Z",
                    "2026-11-21T14:15Z",
                    "2026-11-21T14:16Z",
                    "a minute, last millisecond",
                ),
                Row(
                    "UTC",
                    15,
                    PeriodUnit.MINUTES,
                    "2026-11-21T14:44:59Z",
                    "2026-11-21T14:30Z",
                    "2026-11-21T14:45Z",
                    "15 minutes",
                ),
                Row(
                    "UTC",
                    15,
                    PeriodUnit.MINUTES,
                    "2026-11-21T14:45:00Z",
                    "2026-11-21T14:45Z",
                    "2026-11-21T15:00Z",
                    "a boundary starts its period; next is strictly after",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.HOURS,
                    "2026-11-21T14:00:00Z",
                    "2026-11-21T14:00Z",
                    "2026-11-21T15:00Z",
                    "hour on the dot",
                ),
                Row(
                    "UTC",
                    6,
                    PeriodUnit.HOURS,
                    "2026-11-21T23:59:59.999Z",
                    "2026-11-21T18:00Z",
                    "2026-11-22T00:00Z",
                    "6 hours end at midnight",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.DAYS,
                    "2026-12-31T23:59:59.999Z",
                    "2026-12-31T00:00Z",
                    "2027-01-01T00:00Z",
                    "year end, daily",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.MINUTES,
                    "2026-12-31T23:59:30Z",
                    "2026-12-31T23:59Z",
                    "2027-01-01T00:00Z",
                    "year end, every minute",
                ),
                Row(
                    "UTC",
                    12,
                    PeriodUnit.HOURS,
                    "2027-01-01T00:00:00Z",
                    "2027-01-01T00:00Z",
                    "2027-01-01T12:00Z",
                    "new year starts a period",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.DAYS,
                    "2028-02-28T23:00Z",
                    "2028-02-28T00:00Z",
                    "2028-02-29T00:00Z",
                    "the day before a leap day",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.DAYS,
                    "2028-02-29T12:00Z",
                    "2028-02-29T00:00Z",
                    "2028-03-01T00:00Z",
                    "the leap day",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.WEEKS,
                    "2026-11-21T10:00Z",
                    "2026-11-16T00:00Z",
                    "2026-11-23T00:00Z",
                    "a Saturday, weeks from Monday",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.WEEKS,
                    "2026-11-21T10:00Z",
                    "2026-11-15T00:00Z",
                    "2026-11-22T00:00Z",
                    "weeks from Sunday",
                    DayOfWeek.SUNDAY,
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.WEEKS,
                    "2026-11-16T00:00Z",
                    "2026-11-16T00:00Z",
                    "2026-11-23T00:00Z",
                    "Monday midnight starts the week",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.WEEKS,
                    "2027-01-01T10:00Z",
                    "2026-12-28T00:00Z",
                    "2027-01-04T00:00Z",
                    "a week across the year end",
                ),
                Row(
                    "UTC",
                    1,
                    PeriodUnit.WEEKS,
                    "2028-02-29T10:00Z",
                    "2028-02-28T00:00Z",
                    "2028-03-06T00:00Z",
                    "a week with a leap day",
                ),
                // Europe/Berlin 2026: spring forward 29 March 02:00 -> 03:00, fall back 25 October 03:00 -> 02:00.
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.DAYS,
                    "2026-03-29T12:00+02:00",
                    "2026-03-29T00:00+01:00",
                    "2026-03-30T00:00+02:00",
                    "a 23-hour day",
                ),
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.DAYS,
                    "2026-10-25T12:00+01:00",
                    "2026-10-25T00:00+02:00",
                    "2026-10-26T00:00+01:00",
                    "a 25-hour day",
                ),
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.HOURS,
                    "2026-03-29T01:30+01:00",
                    "2026-03-29T01:00+01:00",
                    "2026-03-29T03:00+02:00",
                    "the skipped hour 02 gets no period",
                ),
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.HOURS,
                    "2026-03-29T03:00+02:00",
                    "2026-03-29T03:00+02:00",
                    "2026-03-29T04:00+02:00",
                    "03:00 right after the gap",
                ),
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.HOURS,
                    "2026-10-25T02:30+02:00",
                    "2026-10-25T02:00+02:00",
                    "2026-10-25T02:00+01:00",
                    "first showing of the repeated hour",
                ),
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.HOURS,
                    "2026-10-25T02:30+01:00",
                    "2026-10-25T02:00+01:00",
                    "2026-10-25T03:00+01:00",
                    "second showing of the repeated hour",
                ),
                Row(
                    "Europe/Berlin",
                    15,
                    PeriodUnit.MINUTES,
                    "2026-10-25T02:50+02:00",
                    "2026-10-25T02:45+02:00",
                    "2026-10-25T02:00+01:00",
                    "15 minutes into the repeat",
                ),
                Row(
                    "Europe/Berlin",
                    2,
                    PeriodUnit.HOURS,
                    "2026-03-29T01:30+01:00",
                    "2026-03-29T00:00+01:00",
                    "2026-03-29T03:00+02:00",
                    "2 hours: the skipped 02:00 ends the period at the gap",
                ),
                Row(
                    "Europe/Berlin",
                    2,
                    PeriodUnit.HOURS,
                    "2026-03-29T03:30+02:00",
                    "2026-03-29T03:00+02:00",
                    "2026-03-29T04:00+02:00",
                    "2 hours: period 02-04 lasts one hour",
                ),
                Row(
                    "Europe/Berlin",
                    2,
                    PeriodUnit.HOURS,
                    "2026-10-25T02:30+02:00",
                    "2026-10-25T02:00+02:00",
                    "2026-10-25T02:00+01:00",
                    "2 hours: 02:00 shown twice",
                ),
                Row(
                    "Europe/Berlin",
                    2,
                    PeriodUnit.HOURS,
                    "2026-10-25T02:30+01:00",
                    "2026-10-25T02:00+01:00",
                    "2026-10-25T04:00+01:00",
                    "2 hours: second 02:00",
                ),
                Row(
                    "Europe/Berlin",
                    1,
                    PeriodUnit.WEEKS,
                    "2026-03-29T12:00+02:00",
                    "2026-03-23T00:00+01:00",
                    "2026-03-30T00:00+02:00",
                    "a week of 167 hours",
                ),
                // America/New_York 2026: spring forward 8 March 02:00 -> 03:00, fall back 1 November 02:00 -> 01:00.
                Row(
                    "America/New_York",
                    1,
                    PeriodUnit.DAYS,
                    "2026-03-08T12:00-04:00",
                    "2026-03-08T00:00-05:00",
                    "2026-03-09T00:00-04:00",
                    "a 23-hour day",
                ),
                Row(
                    "America/New_York",
                    1,
                    PeriodUnit.DAYS,
                    "2026-11-01T12:00-05:00",
                    "2026-11-01T00:00-04:00",
                    "2026-11-02T00:00-05:00",
                    "a 25-hour day",
                ),
                Row(
                    "America/New_York",
                    1,
                    PeriodUnit.HOURS,
                    "2026-03-08T01:59:59-05:00",
                    "2026-03-08T01:00-05:00",
                    "2026-03-08T03:00-04:00",
                    "no hour 02",
                ),
                Row(
                    "America/New_York",
                    1,
                    PeriodUnit.HOURS,
                    "2026-11-01T01:30-04:00",
                    "2026-11-01T01:00-04:00",
                    "2026-11-01T01:00-05:00",
                    "first 01:xx",
                ),
                Row(
                    "America/New_York",
                    1,
                    PeriodUnit.HOURS,
                    "2026-11-01T01:30-05:00",
                    "2026-11-01T01:00-05:00",
                    "2026-11-01T02:00-05:00",
                    "second 01:xx",
                ),
                Row(
                    "America/New_York",
                    30,
                    PeriodUnit.MINUTES,
                    "2026-11-01T01:45-04:00",
                    "2026-11-01T01:30-04:00",
                    "2026-11-01T01:00-05:00",
                    "30 minutes before the fall back",
                ),
                // Asia/Kolkata: +05:30 all year; sub-hour and hourly grids are local.
                Row(
                    "Asia/Kolkata",
                    1,
                    PeriodUnit.HOURS,
                    "2026-11-21T14:45+05:30",
                    "2026-11-21T14:00+05:30",
                    "2026-11-21T15:00+05:30",
                    "local hours at a :30 offset",
                ),
                Row(
                    "Asia/Kolkata",
                    15,
                    PeriodUnit.MINUTES,
                    "2026-11-21T14:44:59+05:30",
                    "2026-11-21T14:30+05:30",
                    "2026-11-21T14:45+05:30",
                    "15 minutes at a :30 offset",
                ),
                Row(
                    "Asia/Kolkata",
                    1,
                    PeriodUnit.DAYS,
                    "2026-11-21T03:00+05:30",
                    "2026-11-21T00:00+05:30",
                    "2026-11-22T00:00+05:30",
                    "local midnight is 18:30 UTC",
                ),
                // Australia/Lord_Howe: DST of 30 minutes. 5 April 02:00 (+11) -> 01:30 (+10:30); 4 October 02:00 ->
                // 02:30.
                Row(
                    "Australia/Lord_Howe",
                    1,
                    PeriodUnit.HOURS,
                    "2026-04-05T01:45+10:30",
                    "2026-04-05T01:00+11:00",
                    "2026-04-05T02:00+10:30",
                    "hour 01 lasts 90 minutes",
                ),
                Row(
                    "Australia/Lord_Howe",
                    20,
                    PeriodUnit.MINUTES,
                    "2026-04-05T01:35+10:30",
                    "2026-04-05T01:40+11:00",
                    "2026-04-05T01:40+10:30",
                    "the boundary before is one the clock showed at a later local time",
                ),
                Row(
                    "Australia/Lord_Howe",
                    20,
                    PeriodUnit.MINUTES,
                    "2026-04-05T01:50+10:30",
                    "2026-04-05T01:40+10:30",
                    "2026-04-05T02:00+10:30",
                    "second 01:40",
                ),
                Row(
                    "Australia/Lord_Howe",
                    30,
                    PeriodUnit.MINUTES,
                    "2026-04-05T01:45+11:00",
                    "2026-04-05T01:30+11:00",
                    "2026-04-05T01:30+10:30",
                    "the clock falls back onto :30",
                ),
                Row(
                    "Australia/Lord_Howe",
                    1,
                    PeriodUnit.HOURS,
                    "2026-10-04T01:30+10:30",
                    "2026-10-04T01:00+10:30",
                    "2026-10-04T02:30+11:00",
                    "02:00 skipped, hour 02 starts at the gap",
                ),
                Row(
                    "Australia/Lord_Howe",
                    1,
                    PeriodUnit.HOURS,
                    "2026-10-04T02:45+11:00",
                    "2026-10-04T02:30+11:00",
                    "2026-10-04T03:00+11:00",
                    "a 30-minute hour",
                ),
                Row(
                    "Australia/Lord_Howe",
                    15,
                    PeriodUnit.MINUTES,
                    "2026-10-04T01:50+10:30",
                    "2026-10-04T01:45+10:30",
                    "2026-10-04T02:30+11:00",
                    "15 minutes over the gap",
                ),
                Row(
                    "Australia/Lord_Howe",
                    1,
                    PeriodUnit.DAYS,
                    "2026-04-05T12:00+10:30",
                    "2026-04-05T00:00+11:00",
                    "2026-04-06T00:00+10:30",
                    "a 24.5-hour day",
                ),
                // America/Havana falls back across midnight (01:00 -> 00:00) and springs forward at midnight.
                Row(
                    "America/Havana",
                    1,
                    PeriodUnit.DAYS,
                    "2026-11-01T12:00-05:00",
                    "2026-11-01T00:00-04:00",
                    "2026-11-02T00:00-05:00",
                    "midnight shown twice: one day",
                ),
                Row(
                    "America/Havana",
                    1,
                    PeriodUnit.DAYS,
                    "2026-11-01T00:30-05:00",
                    "2026-11-01T00:00-04:00",
                    "2026-11-02T00:00-05:00",
                    "inside the repeated midnight hour",
                ),
                Row(
                    "America/Havana",
                    1,
                    PeriodUnit.DAYS,
                    "2026-10-31T23:30-04:00",
                    "2026-10-31T00:00-04:00",
                    "2026-11-01T00:00-04:00",
                    "the day before ends at the first midnight",
                ),
                Row(
                    "America/Havana",
                    3,
                    PeriodUnit.HOURS,
                    "2026-11-01T00:30-04:00",
                    "2026-11-01T00:00-04:00",
                    "2026-11-01T00:00-05:00",
                    "3 hours: a repeated 00:00 cuts the period to one hour",
                ),
                Row(
                    "America/Havana",
                    1,
                    PeriodUnit.HOURS,
                    "2026-11-01T00:30-05:00",
                    "2026-11-01T00:00-05:00",
                    "2026-11-01T01:00-05:00",
                    "hours: 00:00 shown twice, two periods",
                ),
                Row(
                    "America/Havana",
                    1,
                    PeriodUnit.DAYS,
                    "2026-03-08T12:00-04:00",
                    "2026-03-08T01:00-04:00",
                    "2026-03-09T00:00-04:00",
                    "midnight skipped: the day starts at the gap",
                ),
                Row(
                    "America/Havana",
                    1,
                    PeriodUnit.DAYS,
                    "2026-03-07T23:30-05:00",
                    "2026-03-07T00:00-05:00",
                    "2026-03-08T01:00-04:00",
                    "the day before ends at the gap",
                ),
                // Antarctica/Casey went from +11 to +08 at 02:00 on 5 March 2010: the clock fell back three hours
                // across
                // midnight, so 5 March began once, at the first midnight, and the clock then read 4 March for a while.
                Row(
                    "Antarctica/Casey",
                    1,
                    PeriodUnit.DAYS,
                    "2010-03-04T23:30+08:00",
                    "2010-03-05T00:00+11:00",
                    "2010-03-06T00:00+08:00",
                    "the clock reads 4 March again inside 5 March",
                ),
                Row(
                    "Antarctica/Casey",
                    1,
                    PeriodUnit.DAYS,
                    "2010-03-05T00:00+11:00",
                    "2010-03-05T00:00+11:00",
                    "2010-03-06T00:00+08:00",
                    "the second midnight is no boundary",
                ),
                Row(
                    "Antarctica/Casey",
                    1,
                    PeriodUnit.HOURS,
                    "2010-03-05T00:30+08:00",
                    "2010-03-05T00:00+08:00",
                    "2010-03-05T01:00+08:00",
                    "hours: the second 00:00 is one",
                ),
                // America/Santiago falls back from 00:00 to 23:00 of the day before.
                Row(
                    "America/Santiago",
                    1,
                    PeriodUnit.DAYS,
                    "2026-04-04T23:30-04:00",
                    "2026-04-04T00:00-03:00",
                    "2026-04-05T00:00-04:00",
                    "a 25-hour day ending in a repeated 23:00",
                ),
                Row(
                    "America/Santiago",
                    1,
                    PeriodUnit.HOURS,
                    "2026-04-04T23:30-03:00",
                    "2026-04-04T23:00-03:00",
                    "2026-04-04T23:00-04:00",
                    "first 23:xx",
                ),
                Row(
                    "America/Santiago",
                    1,
                    PeriodUnit.HOURS,
                    "2026-04-04T23:30-04:00",
                    "2026-04-04T23:00-04:00",
                    "2026-04-05T00:00-04:00",
                    "second 23:xx",
                ),
            )

        withTests<Row>(nameFn = { "${it.zone} every ${it.amount} ${it.unit} at ${it.at}: ${it.why}" }, ts = rows) { row
            ->
            val g = grid(row.zone, row.amount, row.unit, row.firstDay)
            g.periodStart(at(row.at)) shouldBe at(row.start)
            g.nextBoundary(at(row.at)) shouldBe at(row.next)
            // The start is a boundary itself, and the period has no boundary inside it.
            g.periodStart(at(row.start)) shouldBe at(row.start)
            g.nextBoundary(at(row.start)) shouldBe at(row.next)
            g.periodStart(at(row.next).minusNanos(1)) shouldBe at(row.start)
        }

        data class LabelRow(
            val zone: String,
            val amount: Int,
            val unit: PeriodUnit,
            val start: String,
            val label: String,
            val repeat: String?,
        )

        withTests<LabelRow>(
            nameFn = {
                "${it.zone} every ${it.amount} ${it.unit}: the period from ${it.start} is ${it.label}${it.repeat ?: ""}"
            },
            ts =
                listOf(
                    LabelRow(
                        "America/New_York",
                        1,
                        PeriodUnit.HOURS,
                        "2026-11-01T01:00-04:00",
                        "2026-11-01T01:00",
                        null,
                    ),
                    LabelRow(
                        "America/New_York",
                        1,
                        PeriodUnit.HOURS,
                        "2026-11-01T01:00-05:00",
                        "2026-11-01T01:00",
                        "-05:00",
                    ),
                    LabelRow(
                        "America/New_York",
                        1,
                        PeriodUnit.HOURS,
                        "2026-11-01T02:00-05:00",
                        "2026-11-01T02:00",
                        null,
                    ),
                    LabelRow(
                        "Europe/Berlin",
                        1,
                        PeriodUnit.HOURS,
                        "2026-10-25T02:00+01:00",
                        "2026-10-25T02:00",
                        "+01:00",
                    ),
                    LabelRow("Europe/London", 1, PeriodUnit.HOURS, "2026-10-25T01:00Z", "2026-10-25T01:00", "Z"),
                    LabelRow("Europe/Berlin", 2, PeriodUnit.HOURS, "2026-03-29T03:00+02:00", "2026-03-29T02:00", null),
                    LabelRow(
                        "Australia/Lord_Howe",
                        20,
                        PeriodUnit.MINUTES,
                        "2026-04-05T01:40+10:30",
                        "2026-04-05T01:40",
                        "+10:30",
                    ),
                    LabelRow(
                        "Australia/Lord_Howe",
                        20,
                        PeriodUnit.MINUTES,
                        "2026-04-05T01:40+11:00",
                        "2026-04-05T01:40",
                        null,
                    ),
                    LabelRow(
                        "Australia/Lord_Howe",
                        1,
                        PeriodUnit.HOURS,
                        "2026-10-04T02:30+11:00",
                        "2026-10-04T02:00",
                        null,
                    ),
                    LabelRow("America/Havana", 1, PeriodUnit.DAYS, "2026-03-08T01:00-04:00", "2026-03-08T00:00", null),
                    LabelRow("America/Havana", 1, PeriodUnit.DAYS, "2026-11-01T00:00-04:00", "2026-11-01T00:00", null),
                    LabelRow("UTC", 1, PeriodUnit.WEEKS, "2026-11-16T00:00Z", "2026-11-16T00:00", null),
                ),
        ) { row ->
            val g = grid(row.zone, row.amount, row.unit)
            g.label(at(row.start)) shouldBe LocalDateTime.parse(row.label)
            g.repeatOffset(at(row.start)) shouldBe row.repeat?.let { ZoneOffset.of(it) }
        }

        /**
         * Walks [from, to) in steps and checks that the periods met tile the time line: each starts where the one
         * before ended (periods shorter than a step are reached by following nextBoundary), contains the instants that
         * map to it, and has a name of its own.
         */
        fun checkTiling(g: PeriodBoundaries, from: Instant, to: Instant, step: Duration, maxDeviation: Duration?) {
            val names = HashMap<Pair<LocalDateTime, ZoneOffset?>, Instant>()
            fun checkPeriod(s: Instant, n: Instant) {
                withClue("${g.zone} ${g.period}: period from $s (${s.atZone(g.zone)}) to $n") {
                    (s < n) shouldBe true
                    g.periodStart(s) shouldBe s
                    g.nextBoundary(s) shouldBe n
                    g.periodStart(n.minusNanos(1)) shouldBe s
                    g.periodStart(n) shouldBe n
                    val label = g.label(s)
                    g.floor(label) shouldBe label
                    val previous = names.put(label to g.repeatOffset(s), s)
                    withClue("its name ${label to g.repeatOffset(s)} is also the period from $previous") {
                        previous shouldBe null
                    }
                    if (maxDeviation != null) {
                        // A DST change stretches a period by at most its size. It may shorten one more: a repeated
                        // aligned time cuts a period of several hours short (Havana's 00:00 shown twice ends 00-03 at
                        // 01).
                        val length = Duration.between(s, n)
                        val nominal = nominalLength(g.period)
                        withClue("length $length") {
                            (length <= nominal.plus(maxDeviation)) shouldBe true
                            if (g.period.unit >= PeriodUnit.DAYS) (length >= nominal.minus(maxDeviation)) shouldBe true
                        }
                    }
                }
            }
            var t = from
            var lastStart: Instant? = null
            var lastNext: Instant? = null
            while (t < to) {
                val s = g.periodStart(t)
                val n = g.nextBoundary(t)
                withClue("${g.zone} ${g.period} at $t (${t.atZone(g.zone)}): start $s, next $n") {
                    (s <= t && t < n) shouldBe true
                }
                if (s != lastStart) {
                    var p = lastNext
                    while (p != null && p < s) {
                        val q = g.nextBoundary(p)
                        checkPeriod(p, q)
                        p = q
                    }
                    if (p != null)
                        withClue("${g.zone} ${g.period}: periods chain from $lastStart to $s") { p shouldBe s }
                    checkPeriod(s, n)
                    lastStart = s
                    lastNext = n
                }
                t = t.plus(step)
            }
        }

        data class Sweep(val zone: String, val amount: Int, val unit: PeriodUnit)

        withTests<Sweep>(
            nameFn = {
                "periods tile the time line around every 2026 transition of ${it.zone}, every ${it.amount} ${it.unit}"
            },
            ts =
                listOf(
                        "Europe/Berlin",
                        "America/New_York",
                        "Australia/Lord_Howe",
                        "America/Havana",
                        "America/Santiago",
                        "Asia/Kolkata",
                        "UTC",
                    )
                    .flatMap { zone ->
                        listOf(
                            Sweep(zone, 10, PeriodUnit.SECONDS),
                            Sweep(zone, 1, PeriodUnit.MINUTES),
                            Sweep(zone, 15, PeriodUnit.MINUTES),
                            Sweep(zone, 20, PeriodUnit.MINUTES),
                            Sweep(zone, 1, PeriodUnit.HOURS),
                            Sweep(zone, 3, PeriodUnit.HOURS),
                            Sweep(zone, 1, PeriodUnit.DAYS),
                            Sweep(zone, 1, PeriodUnit.WEEKS),
                        )
                    },
        ) { sweep ->
            val g = grid(sweep.zone, sweep.amount, sweep.unit)
            val nominal = nominalLength(g.period)
            val step = nominal.dividedBy(7)
            val half = maxOf(nominal.multipliedBy(3), Duration.ofHours(3))
            var transition = g.zone.rules.nextTransition(at("2026-01-01T00:00Z"))
            val centres = ArrayList<Instant>()
            while (transition != null && transition.instant < at("2027-01-01T00:00Z")) {
                centres += transition.instant
                transition = g.zone.rules.nextTransition(transition.instant)
            }
            if (centres.isEmpty()) centres += at("2026-06-01T00:00Z")
            for (centre in centres) {
                checkTiling(
                    g,
                    centre.minus(half).plusMillis(1),
                    centre.plus(half),
                    step,
                    maxDeviation = Duration.ofHours(1),
                )
            }
        }

        test("periods tile the time line around transitions since 1970 in every zone the JVM knows") {
            val periods =
                listOf(
                    RotationPeriod.of(20, PeriodUnit.MINUTES, DayOfWeek.MONDAY, "test"),
                    RotationPeriod.of(1, PeriodUnit.HOURS, DayOfWeek.MONDAY, "test"),
                    RotationPeriod.of(3, PeriodUnit.HOURS, DayOfWeek.MONDAY, "test"),
                    RotationPeriod.of(1, PeriodUnit.DAYS, DayOfWeek.MONDAY, "test"),
                    RotationPeriod.of(1, PeriodUnit.WEEKS, DayOfWeek.SUNDAY, "test"),
                )
            // A few transitions per distinct rule set keep CI fast; -Drotolog.stress.scale=20 walks many more.
            val scale = System.getProperty("rotolog.stress.scale")?.toIntOrNull() ?: 1
            val years = (0 until 4 * scale).map { 1970 + it * 70 / (4 * scale) }
            var checkedTransitions = 0
            val seen = HashSet<java.time.zone.ZoneRules>()
            for (zoneId in ZoneId.getAvailableZoneIds().sorted()) {
                val zone = ZoneId.of(zoneId)
                if (!seen.add(zone.rules)) continue
                for (year in years) {
                    val transition = zone.rules.nextTransition(at("$year-01-01T00:00Z")) ?: continue
                    for (period in periods) {
                        val g = PeriodBoundaries(period, zone)
                        val nominal = nominalLength(period)
                        // Periods shorter than a step are still checked: the walk follows nextBoundary between steps.
                        val reach = nominal.coerceAtMost(Duration.ofDays(1)).plusHours(2)
                        checkTiling(
                            g,
                            transition.instant.minus(reach),
                            transition.instant.plus(reach),
                            nominal.dividedBy(5).coerceAtMost(Duration.ofMinutes(30)),
                            maxDeviation = null,
                        )
                    }
                    checkedTransitions++
                }
            }
            (checkedTransitions > 300) shouldBe true
        }
    })

private fun nominalLength(period: RotationPeriod): Duration =
    when (period.unit) {
        PeriodUnit.SECONDS -> Duration.ofSeconds(period.amount.toLong())
        PeriodUnit.MINUTES -> Duration.ofMinutes(period.amount.toLong())
        PeriodUnit.HOURS -> Duration.ofHours(period.amount.toLong())
        PeriodUnit.DAYS -> Duration.ofDays(1)
        PeriodUnit.WEEKS -> Duration.ofDays(7)
    }
