package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import dev.rotolog.lock.SharedState
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.DayOfWeek
import java.time.Instant
import java.time.ZoneId
import kotlin.random.Random

/**
 * Several simulated processes share one in-memory directory and take turns "under the lock": each plans its batch from
 * the shared state and executes the plan the way the writer will (append, no-replace rename, store the state). No disk,
 * no threads, no sleeping: a seeded random schedule on a virtual clock, so a failure replays.
 */
class RotationSimulationTest :
    FunSpec({
        class Record(val id: Int, val size: Int, val made: Long)

        class Archive(val records: List<Record>, val rotation: RotationStep.Rotate)

        /** The directory and the lock file's state, as the executor sees them. */
        class Directory(val planner: RotationPlanner) {
            var state = SharedState()
            var active = ArrayList<Record>()
            val archives = LinkedHashMap<String, Archive>()
            var lateCounted = 0

            /** What the writer does under the lock with one batch. */
            fun writeLocked(now: Long, batch: List<Record>) {
                val shape =
                    RecordBatch(batch.size, batch.map { it.size }.toIntArray(), batch.map { it.made }.toLongArray())
                val plan =
                    planner.plan(state, Instant.ofEpochMilli(now), active.sumOf { it.size.toLong() }, shape) {
                        archives.keys + listOf("app.log", "app.log.lock")
                    }
                for (step in plan.steps) {
                    when (step) {
                        is RotationStep.Write -> active.addAll(batch.subList(step.fromRecord, step.toRecord))
                        is RotationStep.Rotate -> {
                            withClue("rename onto an existing name ${step.archiveName}") {
                                archives.containsKey(step.archiveName) shouldBe false
                            }
                            withClue("an empty file was archived as ${step.archiveName}") {
                                active.isEmpty() shouldBe false
                            }
                            archives[step.archiveName] = Archive(active, step)
                            active = ArrayList()
                        }
                    }
                }
                state = plan.newState
                lateCounted += plan.lateRecords
            }
        }

        fun simulate(
            seed: Int,
            settings: RotationSettings,
            processes: Int,
            durationMillis: Long,
            start: Instant = Instant.parse("2026-11-21T13:59:58Z"),
            minTimeRotations: Int = (durationMillis / 4000).toInt(),
            maxStepMillis: Long = 120,
        ): Directory {
            val random = Random(seed)
            val planner = RotationPlanner("app.log", settings)
            val grid = planner.boundaries!!
            val dir = Directory(planner)
            val queues = List(processes) { ArrayList<Record>() }
            var now = start.toEpochMilli()
            val end = now + durationMillis
            var nextId = 0
            var lastJump = now
            while (now < end) {
                now += random.nextLong(1, maxStepMillis)
                // Now and then the logs fall silent for several periods, or the clock jumps ahead.
                if (now - lastJump > 20_000 && random.nextInt(50) == 0) {
                    now += random.nextLong(3_000, 9_000)
                    lastJump = now
                }
                val p = random.nextInt(processes)
                // Records are made up to a batch latency before they are written, so some straddle a boundary.
                repeat(random.nextInt(0, 6)) {
                    val size = if (random.nextInt(40) == 0) 700 else random.nextInt(20, 90)
                    queues[p] += Record(nextId++, size, now - random.nextLong(0, 300))
                }
                queues[p].sortBy { it.made }
                // An empty batch is the ticker's rotation check.
                dir.writeLocked(now, queues[p].toList())
                queues[p].clear()
            }

            val written = (dir.archives.values.flatMap { it.records } + dir.active).map { it.id }
            withClue("every record once") { written.sorted() shouldBe (0 until nextId).toList() }

            var late = 0
            val timeRotations = HashMap<Long, Int>()
            for ((name, archive) in dir.archives) {
                val start = archive.rotation.archivedPeriodStart
                val periodEnd = grid.nextBoundary(Instant.ofEpochMilli(start)).toEpochMilli()
                withClue("$name holds records of its period or late ones only") {
                    archive.records.all { it.made < periodEnd } shouldBe true
                }
                late += archive.records.count { it.made < start }
                withClue("$name is named after its period") {
                    planner.naming.parse(name)!!.label shouldBe grid.label(Instant.ofEpochMilli(start))
                }
                val size = archive.records.sumOf { it.size.toLong() }
                withClue("$name has $size bytes") {
                    (size <= settings.maxSize!! || archive.records.size == 1) shouldBe true
                }
                if (archive.rotation.reason == RotationReason.TIME) timeRotations.merge(start, 1, Int::plus)
            }
            late += dir.active.count { it.made < dir.state.periodStart }
            withClue("late records are those lying before their file's period") { dir.lateCounted shouldBe late }
            withClue("each period is closed on time once: $timeRotations") {
                timeRotations.values.all { it == 1 } shouldBe true
            }
            withClue("the run rotated on time and on size") {
                (timeRotations.size >= minTimeRotations) shouldBe true
                dir.archives.values.any { it.rotation.reason == RotationReason.SIZE } shouldBe true
            }
            return dir
        }

        test("four processes, 1-second periods and a small size limit: every record once, each period rotated once") {
            val settings =
                RotationSettings(RotationPeriod.of(1, PeriodUnit.SECONDS, DayOfWeek.MONDAY, "t"), ZoneId.of("UTC"), 600)
            for (seed in 1..5) simulate(seed, settings, processes = 4, durationMillis = 60_000)
        }

        test(
            "four processes over the Berlin fall-back with 15-minute periods: the repeated quarters get their own names"
        ) {
            val settings =
                RotationSettings(
                    RotationPeriod.of(15, PeriodUnit.MINUTES, DayOfWeek.MONDAY, "t"),
                    ZoneId.of("Europe/Berlin"),
                    2_000,
                )
            // 02:40 summer time; the clock falls back at 03:00 to 02:00 and runs to 03:40 winter time.
            val dir =
                simulate(
                    3,
                    settings,
                    4,
                    durationMillis = 7_200_000,
                    start = Instant.parse("2026-10-25T00:40:00Z"),
                    minTimeRotations = 7,
                    maxStepMillis = 2_000,
                )
            val repeated = dir.archives.keys.filter { "+0100" in it }.map { it.substring(4, 20) }.toSet()
            repeated shouldBe setOf("2026-10-25_02-00", "2026-10-25_02-15", "2026-10-25_02-30", "2026-10-25_02-45")
            dir.archives.keys.map { it.substring(4, 20) }.toSet().containsAll(repeated) shouldBe true
        }
    })
