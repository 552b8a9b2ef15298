package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import dev.rotolog.lock.SharedState
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.DayOfWeek
import java.time.ZoneId
import java.time.ZoneOffset

private fun settings(amount: Int?, unit: PeriodUnit?, maxSize: Long? = null, zone: ZoneId = ZoneOffset.UTC) =
    RotationSettings(unit?.let { RotationPeriod.of(amount!!, it, DayOfWeek.MONDAY, "test") }, zone, maxSize)

private val HOURLY = settings(1, PeriodUnit.HOURS)
private val DAILY = settings(1, PeriodUnit.DAYS)
private val HOURLY_100 = settings(1, PeriodUnit.HOURS, maxSize = 100)
private val SIZE_100 = settings(null, null, maxSize = 100)
private val HOURLY_NEW_YORK = settings(1, PeriodUnit.HOURS, zone = ZoneId.of("America/New_York"))

/** A shared state whose active file belongs to the period starting at [period] (an offset date-time). */
private fun state(period: String?, index: Int = 0) =
    SharedState(period?.let { at(it).toEpochMilli() } ?: SharedState.NO_PERIOD, index)

/** The rotations of [plan], in order. */
private fun rotationsOf(plan: RotationPlan): List<RotationStep.Rotate> =
    plan.steps.filterIsInstance<RotationStep.Rotate>()

/** One record of a batch: its size in bytes and when it was made. */
private data class Rec(val size: Int, val made: String)

private fun batchOf(records: List<Rec>) =
    RecordBatch(
        records.size,
        records.map { it.size }.toIntArray(),
        records.map { at(it.made).toEpochMilli() }.toLongArray(),
    )

/** Steps as short text, so a table row reads as the plan it expects. */
private fun render(step: RotationStep): String =
    when (step) {
        is RotationStep.Write -> "write ${step.fromRecord}..${step.toRecord}"
        is RotationStep.Rotate -> "rotate ${step.archiveName} ${step.reason}"
    }

class RotationPlannerTest :
    FunSpec({
        data class Case(
            val why: String,
            val settings: RotationSettings,
            val state: SharedState,
            val now: String,
            val size: Long,
            val records: List<Rec>,
            val steps: List<String>,
            val newState: SharedState,
            /** The names in the directory; null means the planner must not even ask for them. */
            val existing: Set<String>? = null,
            val modified: String? = null,
            val late: Int = 0,
            val maxLateMillis: Long = 0,
            val active: String = "app.log",
        )

        val cases =
            listOf(
                Case(
                    "an idle boundary with an empty active file archives nothing and only moves the period",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:00.500Z",
                    0,
                    emptyList(),
                    steps = emptyList(),
                    newState = state("2026-11-21T15:00Z"),
                ),
                Case(
                    "an idle boundary with a non-empty file rotates it, named after the period that ended",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:00.500Z",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-21_14.log TIME"),
                    newState = state("2026-11-21T15:00Z"),
                    existing = setOf("app.log", "app.log.lock"),
                ),
                Case(
                    "nothing happens inside a period, and the directory is not listed",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T14:59:59.999Z",
                    10,
                    listOf(Rec(5, "2026-11-21T14:59:59.998Z")),
                    steps = listOf("write 0..1"),
                    newState = state("2026-11-21T14:00Z"),
                ),
                Case(
                    "a clock jump forward of 3 hours gives one rotation",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T17:20Z",
                    10,
                    listOf(Rec(5, "2026-11-21T17:19:59Z")),
                    steps = listOf("rotate app.2026-11-21_14.log TIME", "write 0..1"),
                    newState = state("2026-11-21T17:00Z"),
                    existing = setOf("app.log"),
                ),
                Case(
                    "a clock jump forward of 3 hours with an empty file gives no rotation and no empty archive",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T17:20Z",
                    0,
                    emptyList(),
                    steps = emptyList(),
                    newState = state("2026-11-21T17:00Z"),
                ),
                Case(
                    "a clock 1 hour back gives no rotation; its records go to the active file and count as late",
                    HOURLY,
                    state("2026-11-21T15:00Z"),
                    "2026-11-21T14:30Z",
                    10,
                    listOf(Rec(5, "2026-11-21T14:29:59Z"), Rec(5, "2026-11-21T14:30Z")),
                    steps = listOf("write 0..2"),
                    newState = state("2026-11-21T15:00Z"),
                    late = 2,
                    maxLateMillis = 1_801_000,
                ),
                Case(
                    "a clock 1 hour back does not reuse the earlier hour's name when the size limit splits",
                    HOURLY_100,
                    state("2026-11-21T15:00Z"),
                    "2026-11-21T14:30Z",
                    90,
                    listOf(Rec(20, "2026-11-21T14:30Z")),
                    steps = listOf("rotate app.2026-11-21_15.log SIZE", "write 0..1"),
                    newState = state("2026-11-21T15:00Z", index = 1),
                    existing = setOf("app.2026-11-21_14.log", "app.log"),
                    late = 1,
                    maxLateMillis = 1_800_000,
                ),
                Case(
                    "a record stamped after now (the clock went back after stamping) is placed at now",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T14:30Z",
                    10,
                    listOf(Rec(5, "2026-11-21T15:10Z")),
                    steps = listOf("write 0..1"),
                    newState = state("2026-11-21T14:00Z"),
                ),
                Case(
                    "a clock more than a day behind the state's period restarts the period at now",
                    HOURLY,
                    state("2030-01-01T00:00Z"),
                    "2026-11-21T14:30Z",
                    10,
                    listOf(Rec(5, "2026-11-21T14:30Z")),
                    steps = listOf("rotate app.2030-01-01_00.log CLOCK_BEHIND", "write 0..1"),
                    newState = state("2026-11-21T14:00Z"),
                    existing = emptySet(),
                ),
                Case(
                    "a process that starts and finds a file from an older period rotates it first",
                    HOURLY,
                    state("2026-11-20T13:00Z"),
                    "2026-11-21T10:05Z",
                    500,
                    listOf(Rec(5, "2026-11-21T10:04Z")),
                    steps = listOf("rotate app.2026-11-20_13.log TIME", "write 0..1"),
                    newState = state("2026-11-21T10:00Z"),
                    existing = setOf("app.log"),
                ),
                Case(
                    "without state (new or rebuilt lock file) an old active file is archived under its modification time's period",
                    HOURLY,
                    state(null),
                    "2026-11-21T10:05Z",
                    500,
                    listOf(Rec(5, "2026-11-21T10:04Z")),
                    steps = listOf("rotate app.2026-11-20_13.log TIME", "write 0..1"),
                    newState = state("2026-11-21T10:00Z"),
                    existing = setOf("app.log"),
                    modified = "2026-11-20T13:20Z",
                ),
                Case(
                    "without state a file modified in the current period is kept",
                    HOURLY,
                    state(null),
                    "2026-11-21T10:05Z",
                    500,
                    emptyList(),
                    steps = emptyList(),
                    newState = state("2026-11-21T10:00Z"),
                    modified = "2026-11-21T10:01Z",
                ),
                Case(
                    "without state an empty file just starts the current period, whatever its modification time",
                    HOURLY,
                    state(null),
                    "2026-11-21T10:05Z",
                    0,
                    emptyList(),
                    steps = emptyList(),
                    newState = state("2026-11-21T10:00Z"),
                    modified = "2026-11-20T13:20Z",
                ),
                Case(
                    "size splits a batch at record boundaries; the first file of the period has no index",
                    HOURLY_100,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T14:30Z",
                    0,
                    List(5) { Rec(40, "2026-11-21T14:29Z") },
                    steps =
                        listOf(
                            "write 0..2",
                            "rotate app.2026-11-21_14.log SIZE",
                            "write 2..4",
                            "rotate app.2026-11-21_14.1.log SIZE",
                            "write 4..5",
                        ),
                    newState = state("2026-11-21T14:00Z", index = 2),
                    existing = setOf("app.log"),
                ),
                Case(
                    "a file may reach the limit exactly",
                    HOURLY_100,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T14:30Z",
                    0,
                    listOf(Rec(50, "2026-11-21T14:29Z"), Rec(50, "2026-11-21T14:29Z"), Rec(1, "2026-11-21T14:29Z")),
                    steps = listOf("write 0..2", "rotate app.2026-11-21_14.log SIZE", "write 2..3"),
                    newState = state("2026-11-21T14:00Z", index = 1),
                    existing = emptySet(),
                ),
                Case(
                    "a record larger than the limit goes alone into its own file",
                    HOURLY_100,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T14:30Z",
                    30,
                    listOf(Rec(20, "2026-11-21T14:29Z"), Rec(250, "2026-11-21T14:29Z"), Rec(10, "2026-11-21T14:29Z")),
                    steps =
                        listOf(
                            "write 0..1",
                            "rotate app.2026-11-21_14.log SIZE",
                            "write 1..2",
                            "rotate app.2026-11-21_14.1.log SIZE",
                            "write 2..3",
                        ),
                    newState = state("2026-11-21T14:00Z", index = 2),
                    existing = emptySet(),
                ),
                Case(
                    "an oversize record into an empty file needs no rotation",
                    HOURLY_100,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T14:30Z",
                    0,
                    listOf(Rec(250, "2026-11-21T14:29Z")),
                    steps = listOf("write 0..1"),
                    newState = state("2026-11-21T14:00Z"),
                ),
                Case(
                    "time and size: the index counts on within the period and the time rotation takes the next one",
                    HOURLY_100,
                    state("2026-11-21T14:00Z", index = 2),
                    "2026-11-21T15:00:01Z",
                    80,
                    listOf(Rec(30, "2026-11-21T14:59:59.990Z"), Rec(30, "2026-11-21T15:00:00.500Z")),
                    steps =
                        listOf(
                            "rotate app.2026-11-21_14.2.log SIZE",
                            "write 0..1",
                            "rotate app.2026-11-21_14.3.log TIME",
                            "write 1..2",
                        ),
                    newState = state("2026-11-21T15:00Z"),
                    existing = setOf("app.2026-11-21_14.log", "app.2026-11-21_14.1.log"),
                ),
                Case(
                    "a batch that straddles the boundary is split there when this process rotates",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:00.400Z",
                    10,
                    listOf(
                        Rec(5, "2026-11-21T14:59:59.100Z"),
                        Rec(5, "2026-11-21T14:59:59.900Z"),
                        Rec(5, "2026-11-21T15:00:00.200Z"),
                        Rec(5, "2026-11-21T15:00:00.300Z"),
                    ),
                    steps = listOf("write 0..2", "rotate app.2026-11-21_14.log TIME", "write 2..4"),
                    newState = state("2026-11-21T15:00Z"),
                    existing = emptySet(),
                ),
                Case(
                    "the same batch after another process rotated: all into the new file, two records late",
                    HOURLY,
                    state("2026-11-21T15:00Z"),
                    "2026-11-21T15:00:00.400Z",
                    10,
                    listOf(
                        Rec(5, "2026-11-21T14:59:59.100Z"),
                        Rec(5, "2026-11-21T14:59:59.900Z"),
                        Rec(5, "2026-11-21T15:00:00.200Z"),
                        Rec(5, "2026-11-21T15:00:00.300Z"),
                    ),
                    steps = listOf("write 0..4"),
                    newState = state("2026-11-21T15:00Z"),
                    late = 2,
                    maxLateMillis = 900,
                ),
                Case(
                    "an empty file takes the old period's records of a straddling batch and is then archived",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:00.400Z",
                    0,
                    listOf(Rec(5, "2026-11-21T14:59:59.900Z"), Rec(5, "2026-11-21T15:00:00.200Z")),
                    steps = listOf("write 0..1", "rotate app.2026-11-21_14.log TIME", "write 1..2"),
                    newState = state("2026-11-21T15:00Z"),
                    existing = emptySet(),
                ),
                Case(
                    "records out of order across the boundary: periods never go back, the older record is late",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:00.400Z",
                    10,
                    listOf(Rec(5, "2026-11-21T15:00:00.100Z"), Rec(5, "2026-11-21T14:59:59.900Z")),
                    steps = listOf("rotate app.2026-11-21_14.log TIME", "write 0..2"),
                    newState = state("2026-11-21T15:00Z"),
                    existing = emptySet(),
                    late = 1,
                    maxLateMillis = 100,
                ),
                Case(
                    "a stalled writer's batch spanning three periods gives each its own file",
                    HOURLY,
                    state("2026-11-21T13:00Z"),
                    "2026-11-21T15:02Z",
                    10,
                    listOf(Rec(5, "2026-11-21T14:59Z"), Rec(5, "2026-11-21T15:01Z")),
                    steps =
                        listOf(
                            "rotate app.2026-11-21_13.log TIME",
                            "write 0..1",
                            "rotate app.2026-11-21_14.log TIME",
                            "write 1..2",
                        ),
                    newState = state("2026-11-21T15:00Z"),
                    existing = emptySet(),
                ),
                Case(
                    "an existing name is never reused: the index goes above the highest one of the period",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:01Z",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-21_14.2.log TIME"),
                    newState = state("2026-11-21T15:00Z"),
                    existing =
                        setOf(
                            "app.log",
                            "app.log.lock",
                            "app.2026-11-21_14.log",
                            "app.2026-11-21_14.1.log.gz",
                            "app.2026-11-21_13.5.log",
                            "other.log",
                        ),
                ),
                Case(
                    "a leftover of an unfinished compression blocks its name too",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:01Z",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-21_14.1.log TIME"),
                    newState = state("2026-11-21T15:00Z"),
                    existing = setOf("app.2026-11-21_14.log.gz.part"),
                ),
                Case(
                    "indices stay in writing order: never below the highest of the period, even with gaps",
                    HOURLY_100,
                    state("2026-11-21T14:00Z", index = 1),
                    "2026-11-21T14:30Z",
                    90,
                    listOf(Rec(20, "2026-11-21T14:30Z")),
                    steps = listOf("rotate app.2026-11-21_14.4.log SIZE", "write 0..1"),
                    newState = state("2026-11-21T14:00Z", index = 5),
                    existing = setOf("app.2026-11-21_14.3.log"),
                ),
                Case(
                    "size only: archives are numbered upwards from 1",
                    SIZE_100,
                    state(null),
                    "2026-11-21T14:30Z",
                    90,
                    listOf(Rec(20, "2026-01-01T00:00Z")),
                    steps = listOf("rotate app.1.log SIZE", "write 0..1"),
                    newState = state(null, index = 2),
                    existing = setOf("app.log"),
                ),
                Case(
                    "size only: the number goes above the highest archive, compressed or not",
                    SIZE_100,
                    state(null, index = 3),
                    "2026-11-21T14:30Z",
                    90,
                    listOf(Rec(20, "2026-11-21T14:30Z")),
                    steps = listOf("rotate app.8.log SIZE", "write 0..1"),
                    newState = state(null, index = 9),
                    existing = setOf("app.1.log.gz", "app.2.log", "app.7.log.gz", "app.log"),
                ),
                Case(
                    "size only: another log's live file of archive shape (app.12345.log, its .lock beside it) does not raise the index",
                    SIZE_100,
                    state(null, index = 3),
                    "2026-11-21T14:30Z",
                    90,
                    listOf(Rec(20, "2026-11-21T14:30Z")),
                    steps = listOf("rotate app.3.log SIZE", "write 0..1"),
                    newState = state(null, index = 4),
                    existing = setOf("app.log", "app.log.lock", "app.2.log.gz", "app.12345.log", "app.12345.log.lock"),
                ),
                Case(
                    "size only: a live file at the index that comes up (app.7.log of app.{key}.log) is skipped, never overwritten",
                    SIZE_100,
                    state(null, index = 7),
                    "2026-11-21T14:30Z",
                    90,
                    listOf(Rec(20, "2026-11-21T14:30Z")),
                    steps = listOf("rotate app.8.log SIZE", "write 0..1"),
                    newState = state(null, index = 9),
                    existing = setOf("app.log", "app.log.lock", "app.6.log", "app.7.log", "app.7.log.lock"),
                ),
                Case(
                    "daily: a live file named like the period's archive (app.{key}.log, key 2026-11-21) is skipped",
                    DAILY,
                    state("2026-11-21T00:00Z"),
                    "2026-11-22T00:00:01Z",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-21.1.log TIME"),
                    newState = state("2026-11-22T00:00Z"),
                    existing = setOf("app.log", "app.log.lock", "app.2026-11-21.log", "app.2026-11-21.log.lock"),
                ),
                Case(
                    "size only never rotates on time",
                    SIZE_100,
                    state(null, index = 3),
                    "2030-11-21T14:30Z",
                    90,
                    emptyList(),
                    steps = emptyList(),
                    newState = state(null, index = 3),
                ),
                Case(
                    "a file without extension",
                    HOURLY,
                    state("2026-11-21T14:00Z"),
                    "2026-11-21T15:00:01Z",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-21_14 TIME"),
                    newState = state("2026-11-21T15:00Z"),
                    existing = setOf("app", "app.lock"),
                    active = "app",
                ),
                Case(
                    "New York, fall back: the first 01:xx hour is archived under its plain name",
                    HOURLY_NEW_YORK,
                    state("2026-11-01T01:00-04:00"),
                    "2026-11-01T01:00:30-05:00",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-01_01.log TIME"),
                    newState = state("2026-11-01T01:00-05:00"),
                    existing = emptySet(),
                ),
                Case(
                    "New York, fall back: the second 01:xx hour carries its offset",
                    HOURLY_NEW_YORK,
                    state("2026-11-01T01:00-05:00"),
                    "2026-11-01T02:00:10-05:00",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-11-01_01-0500.log TIME"),
                    newState = state("2026-11-01T02:00-05:00"),
                    existing = setOf("app.2026-11-01_01.log"),
                ),
                Case(
                    "New York, spring forward: hour 01 is followed by hour 03",
                    HOURLY_NEW_YORK,
                    state("2026-03-08T01:00-05:00"),
                    "2026-03-08T03:00:10-04:00",
                    10,
                    emptyList(),
                    steps = listOf("rotate app.2026-03-08_01.log TIME"),
                    newState = state("2026-03-08T03:00-04:00"),
                    existing = emptySet(),
                ),
            )

        withTests<Case>(nameFn = { it.why }, ts = cases) { case ->
            var listed = 0
            val plan =
                RotationPlanner(case.active, case.settings).plan(
                    state = case.state,
                    now = at(case.now),
                    activeSize = case.size,
                    batch = batchOf(case.records),
                    activeModified = case.modified?.let { at(it) },
                ) {
                    listed++
                    withClue("the plan listed the directory without rotating") { (case.existing != null) shouldBe true }
                    case.existing!!
                }
            plan.steps.map { render(it) } shouldContainExactly case.steps
            plan.newState shouldBe case.newState
            plan.lateRecords shouldBe case.late
            plan.maxLateMillis shouldBe case.maxLateMillis
            (listed <= 1) shouldBe true
            // Every record is written exactly once, in order.
            plan.steps.filterIsInstance<RotationStep.Write>().flatMap {
                it.fromRecord until it.toRecord
            } shouldContainExactly case.records.indices.toList()
        }

        test("a rotation records the period it archived and the state after it") {
            val plan =
                RotationPlanner("app.log", HOURLY_100).plan(
                    state("2026-11-21T14:00Z", index = 1),
                    at("2026-11-21T15:00:01Z"),
                    90,
                    batchOf(listOf(Rec(20, "2026-11-21T14:59:59Z"), Rec(20, "2026-11-21T15:00:00Z"))),
                ) {
                    emptySet()
                }
            val (split, time) = rotationsOf(plan)
            split shouldBe
                RotationStep.Rotate(
                    "app.2026-11-21_14.1.log",
                    RotationReason.SIZE,
                    at("2026-11-21T14:00Z").toEpochMilli(),
                    1,
                    state("2026-11-21T14:00Z", index = 2),
                )
            time shouldBe
                RotationStep.Rotate(
                    "app.2026-11-21_14.2.log",
                    RotationReason.TIME,
                    at("2026-11-21T14:00Z").toEpochMilli(),
                    2,
                    state("2026-11-21T15:00Z", index = 0),
                )
        }

        test("a plan never names the same archive twice, even when the listing is stale") {
            // Two size splits in one batch where the listing already holds the first candidate's name.
            val plan =
                RotationPlanner("app.log", HOURLY_100).plan(
                    state("2026-11-21T14:00Z"),
                    at("2026-11-21T14:30Z"),
                    90,
                    batchOf(List(3) { Rec(60, "2026-11-21T14:30Z") }),
                ) {
                    setOf("app.2026-11-21_14.log")
                }
            rotationsOf(plan).map { it.archiveName } shouldContainExactly
                listOf("app.2026-11-21_14.1.log", "app.2026-11-21_14.2.log", "app.2026-11-21_14.3.log")
        }

        test("the planner's grid is what the ticker sleeps on") {
            RotationPlanner("app.log", HOURLY).boundaries!!.nextBoundary(at("2026-11-21T14:59:59Z")) shouldBe
                at("2026-11-21T15:00Z")
            RotationPlanner("app.log", SIZE_100).boundaries shouldBe null
        }
    })
