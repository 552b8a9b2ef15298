package dev.rotolog.archive

import dev.rotolog.PeriodUnit
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.PeriodBoundaries
import dev.rotolog.rotation.RotationPeriod
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import java.time.Instant
import java.time.ZoneId
import kotlin.time.Duration
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds

class RetentionPlannerTest :
    FunSpec({
        val utc = ZoneId.of("UTC")
        val hourly = ArchiveNaming("app.log", PeriodUnit.HOURS)
        val hourGrid = PeriodBoundaries(RotationPeriod(1, PeriodUnit.HOURS), utc)

        /** A group of [name] with a raw size and/or a compressed size (-1: absent). */
        fun group(naming: ArchiveNaming, name: String, raw: Long = -1, gz: Long = -1): ArchiveGroup =
            ArchiveGroup(naming.parse(name)!!).apply {
                rawSize = raw
                gzSize = gz
            }

        fun planner(retention: Retention, grid: PeriodBoundaries = hourGrid) =
            RetentionPlanner(retention) { RetentionPlanner.periodEnd(grid, it) }

        fun List<ArchiveGroup>.names() = map { it.rawName }

        val noon = Instant.parse("2026-03-20T12:00:00Z")
        val fiveHours = (7..11).map { group(hourly, "app.2026-03-20_%02d.log".format(it), raw = 100) }

        test("a count limit deletes the oldest beyond it, oldest first, in any input order") {
            planner(Retention(3, null, null)).expired(fiveHours.shuffled(), noon).names() shouldBe
                listOf("app.2026-03-20_07.log", "app.2026-03-20_08.log")
            planner(Retention(5, null, null)).expired(fiveHours, noon) shouldBe emptyList()
            planner(Retention(1, null, null)).expired(fiveHours, noon).size shouldBe 4
        }

        test("the size limit keeps the newest that fit; an older small archive behind a large one goes too") {
            val groups =
                listOf(
                    group(hourly, "app.2026-03-20_08.log", raw = 10),
                    group(hourly, "app.2026-03-20_09.log", raw = 500),
                    group(hourly, "app.2026-03-20_10.log", raw = 300),
                    group(hourly, "app.2026-03-20_11.log", raw = 300),
                )
            planner(Retention(null, null, 600)).expired(groups, noon).names() shouldBe
                listOf("app.2026-03-20_08.log", "app.2026-03-20_09.log")
            planner(Retention(null, null, 1110)).expired(groups, noon) shouldBe emptyList()
            planner(Retention(null, null, 1109)).expired(groups, noon).names() shouldBe listOf("app.2026-03-20_08.log")
            // The newest archive larger than the whole limit is kept alone, not deleted with all the history.
            planner(Retention(null, null, 299)).expired(groups, noon).names() shouldBe
                listOf("app.2026-03-20_08.log", "app.2026-03-20_09.log", "app.2026-03-20_10.log")
            // Before compression the pass leaves the size limit out.
            planner(Retention(null, null, 1)).expired(groups, noon, countSize = false) shouldBe emptyList()
        }

        test("the size limit never deletes the newest archive, however large; the age limit still can") {
            val groups =
                listOf(
                    group(hourly, "app.2026-03-20_10.log", raw = 10),
                    group(hourly, "app.2026-03-20_11.log", raw = 5_000),
                )
            planner(Retention(null, null, 1_000)).expired(groups, noon).names() shouldBe listOf("app.2026-03-20_10.log")
            planner(Retention(null, null, 1)).expired(groups.takeLast(1), noon) shouldBe emptyList()
            // 11:00-12:00 ended at noon: one hour and a millisecond later it is too old, large or not.
            planner(Retention(null, 1.hours, 1_000)).expired(groups, noon.plusMillis(3_600_001)).names() shouldBe
                listOf("app.2026-03-20_10.log", "app.2026-03-20_11.log")
        }

        test("a raw archive and its .gz count once, with the size of the .gz") {
            val groups =
                listOf(
                    group(hourly, "app.2026-03-20_10.log", raw = 1000, gz = 100),
                    group(hourly, "app.2026-03-20_11.log", gz = 100),
                )
            planner(Retention(2, null, 200)).expired(groups, noon) shouldBe emptyList()
            planner(Retention(1, null, null)).expired(groups, noon).names() shouldBe listOf("app.2026-03-20_10.log")
        }

        test("indices order the files of one period, index 0 (no index) first") {
            val groups =
                listOf(
                        "app.2026-03-20_10.2.log",
                        "app.2026-03-20_10.log",
                        "app.2026-03-20_10.1.log",
                        "app.2026-03-20_09.3.log",
                    )
                    .map { group(hourly, it, raw = 1) }
            planner(Retention(2, null, null)).expired(groups, noon).names() shouldBe
                listOf("app.2026-03-20_09.3.log", "app.2026-03-20_10.log")
        }

        test("age counts from the end of the archive's period, and an archive exactly maxAge old is kept") {
            val tenToEleven = listOf(group(hourly, "app.2026-03-20_10.log", raw = 1))
            val p = planner(Retention(null, 2.hours, null))
            p.expired(tenToEleven, Instant.parse("2026-03-20T13:00:00Z")) shouldBe emptyList()
            p.expired(tenToEleven, Instant.parse("2026-03-20T13:00:00.001Z")).size shouldBe 1
            // A period end in the future (the clock went back) is no age at all.
            p.expired(tenToEleven, Instant.parse("2026-03-19T00:00:00Z")) shouldBe emptyList()
        }

        context("the period end of a name, across DST changes") {
            val berlin = ZoneId.of("Europe/Berlin")
            data class Case(val unit: PeriodUnit, val name: String, val end: String)
            withData(
                nameFn = { "${it.unit} ${it.name} ends at ${it.end}" },
                // Fall-back: 02:00 shows twice; the second showing carries the offset in its name.
                Case(PeriodUnit.HOURS, "app.2026-10-25_02.log", "2026-10-25T01:00:00Z"),
                Case(PeriodUnit.HOURS, "app.2026-10-25_02+0100.log.gz", "2026-10-25T02:00:00Z"),
                // Spring-forward: the hour from 01:00 CET ends at 03:00 CEST.
                Case(PeriodUnit.HOURS, "app.2026-03-29_01.log", "2026-03-29T01:00:00Z"),
                // DST days last 23 and 25 hours.
                Case(PeriodUnit.DAYS, "app.2026-03-29.log", "2026-03-29T22:00:00Z"),
                Case(PeriodUnit.DAYS, "app.2026-10-25.log", "2026-10-25T23:00:00Z"),
            ) { case ->
                val naming = ArchiveNaming("app.log", case.unit)
                val grid = PeriodBoundaries(RotationPeriod(1, case.unit), berlin)
                RetentionPlanner.periodEnd(grid, naming.parse(case.name)!!) shouldBe Instant.parse(case.end)
            }
        }

        test("size-only archives have no period end and are never too old; count and size still apply") {
            val sizeOnly = ArchiveNaming("app.log", null)
            val groups = (1..4).map { group(sizeOnly, "app.$it.log", raw = 10) }
            val p = RetentionPlanner(Retention(3, 1.milliseconds, 25)) { null }
            p.expired(groups, noon).names() shouldBe listOf("app.1.log", "app.2.log")
            RetentionPlanner(Retention(null, 1.milliseconds, null)) { null }.expired(groups, noon) shouldBe emptyList()
        }

        test("archives that no longer exist are not counted") {
            val gone = group(hourly, "app.2026-03-20_11.log")
            planner(Retention(1, null, null)).expired(listOf(gone, fiveHours[0]), noon) shouldBe emptyList()
        }

        test("with no limits nothing is deleted") {
            planner(Retention(null, null as Duration?, null)).expired(fiveHours, noon) shouldBe emptyList()
        }
    })
