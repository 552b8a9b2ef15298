package dev.rotolog.archive

import dev.rotolog.PeriodUnit
import dev.rotolog.lock.SharedState
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.PeriodBoundaries
import dev.rotolog.rotation.RecordBatch
import dev.rotolog.rotation.RotationPeriod
import dev.rotolog.rotation.RotationPlanner
import dev.rotolog.rotation.RotationSettings
import dev.rotolog.rotation.RotationStep
import dev.rotolog.status.StatusReporter
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Instant
import java.time.ZoneId
import kotlin.random.Random
import kotlin.time.Duration.Companion.hours

/**
 * Retention over more than a thousand simulated hourly periods on a real directory with an injected clock: a writer
 * rotates by the real [RotationPlanner] (with size splits, idle gaps of up to a day and a DST change), and after every
 * step an [ArchivePass] runs. After each pass the limits hold, the archives kept are exactly the newest ones (by
 * creation order, which the test knows independently of any name parsing), no raw file sits beside its .gz, no .part
 * remains, and the active file and the foreign files are untouched.
 */
private const val HEX = "0123456789abcdef"

class RetentionSimulationTest :
    FunSpec({
        val berlin = ZoneId.of("Europe/Berlin")

        // Each compression syncs its file and the directory; on tmpfs that costs nothing, so a thousand of them stay
        // fast.
        fun scratchDir(): Path {
            val shm = Path.of("/dev/shm")
            if (!Files.isDirectory(shm) || !Files.isWritable(shm)) return tempdir().toPath()
            val dir = Files.createTempDirectory(shm, "rotolog-retention")
            afterSpec {
                Files.walk(dir).use { paths -> paths.sorted(Comparator.reverseOrder()).forEach(Files::delete) }
            }
            return dir
        }

        class Scenario(
            val start: Instant,
            val steps: Int,
            val retention: Retention,
            val compress: Boolean,
            val seed: Int,
        )

        /** A record line of [size] bytes that compresses about as badly as a busy log's. */
        fun record(step: Int, index: Int, size: Int, random: Random): String =
            buildString(size) {
                append("r").append(step).append('-').append(index).append(' ')
                while (length < size - 1) append(HEX[random.nextInt(16)])
                append('\n')
            }

        /** Runs [scenario] and returns the names of every archive the writer created, oldest first. */
        fun simulate(
            scenario: Scenario,
            dir: Path,
            afterPass:
                (
                    now: Instant, created: List<String>, ends: Map<String, Instant>, beforeSizes: Map<String, Long>,
                ) -> Unit,
        ): List<String> {
            val random = Random(scenario.seed)
            val settings = RotationSettings(RotationPeriod(1, PeriodUnit.HOURS), berlin, 1_500)
            val planner = RotationPlanner("app.log", settings)
            val grid = PeriodBoundaries(settings.period!!, berlin)
            val clock = SettableClock(scenario.start)
            val pass =
                ArchivePass(
                    ArchiveDirectory(dir, ArchiveNaming("app.log", PeriodUnit.HOURS)),
                    scenario.compress,
                    RetentionPlanner(scenario.retention) { RetentionPlanner.periodEnd(grid, it) },
                    GzipCompressor(),
                    clock,
                    StatusReporter(sink = { error("unexpected report: $it") }),
                    ArchiverCounters(),
                )
            val foreign =
                listOf(
                        "app.log.json",
                        "app.log.9999-99-99.gz",
                        "other.log",
                        "app.log.bak",
                        "app.log.lock",
                        "other.2026-03-20_10.log",
                    )
                    .associateWith { Files.writeString(dir.resolve(it), "foreign $it\n").let(::sha256) }
            val active = dir.resolve("app.log")
            var state = SharedState()
            val created = ArrayList<String>()
            val ends = HashMap<String, Instant>()
            var now = scenario.start
            repeat(scenario.steps) { step ->
                // Mostly the next hour; sometimes an idle gap of up to a day; always at some minute within the hour.
                // Around a DST change every hour is written, so the run shows the change in its names.
                val nearChange =
                    berlin.rules.nextTransition(now.minusSeconds(4 * 3600)).instant.epochSecond - now.epochSecond in
                        -4 * 3600..26 * 3600
                val hours = if (!nearChange && random.nextInt(10) == 0) random.nextLong(2, 25) else 1
                now =
                    now.plusSeconds(hours * 3600).let {
                        Instant.ofEpochSecond(it.epochSecond / 3600 * 3600 + random.nextLong(3600))
                    }
                clock.now = now
                val count = random.nextInt(if (nearChange) 1 else 0, 9)
                val sizes = IntArray(count) { random.nextInt(40, 400) }
                val batch = RecordBatch(count, sizes, LongArray(count) { now.toEpochMilli() })
                val activeSize = if (Files.exists(active)) Files.size(active) else 0L
                val plan = planner.plan(state, now, activeSize, batch) { namesIn(dir) }
                for (s in plan.steps) {
                    when (s) {
                        is RotationStep.Write ->
                            Files.write(
                                active,
                                (s.fromRecord until s.toRecord)
                                    .joinToString("") { record(step, it, sizes[it], random) }
                                    .toByteArray(),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND,
                            )
                        is RotationStep.Rotate -> {
                            Files.move(active, dir.resolve(s.archiveName))
                            created += s.archiveName
                            ends[s.archiveName] = grid.nextBoundary(Instant.ofEpochMilli(s.archivedPeriodStart))
                        }
                    }
                }
                state = plan.newState
                val beforeSizes = namesIn(dir).associateWith { Files.size(dir.resolve(it)) }
                val activeBefore = if (Files.exists(active)) Files.readAllBytes(active) else null
                pass.run {}
                withClue("step $step at $now") {
                    if (activeBefore != null) Files.readAllBytes(active).contentEquals(activeBefore) shouldBe true
                    // A foreign file deleted or changed stays so: checking every 100 steps and at the end sees it.
                    if (step % 100 == 99) for ((name, hash) in foreign) sha256(dir.resolve(name)) shouldBe hash
                    afterPass(now, created, ends, beforeSizes)
                    if (step % 50 == 0) {
                        // A second pass, as another process would run it, changes nothing.
                        val snapshot = namesIn(dir).associateWith { sha256(dir.resolve(it)) }
                        pass.run {}
                        namesIn(dir).associateWith { sha256(dir.resolve(it)) } shouldBe snapshot
                    }
                }
            }
            return created
        }

        /**
         * The archives in [dir] by raw name, with the size retention counts; checks no .part and no raw beside a .gz.
         */
        fun archivesIn(dir: Path): Map<String, Long> {
            val names = namesIn(dir).filter { it.startsWith("app.2") }
            names.filter { it.endsWith(".part") }.shouldBeEmpty()
            val raw = names.filter { !it.endsWith(".gz") }.toSet()
            val gz = names.filter { it.endsWith(".gz") }.map { it.removeSuffix(".gz") }.toSet()
            withClue("raw archives beside their .gz") { raw.intersect(gz).shouldBeEmpty() }
            return (raw + gz).associateWith { name -> Files.size(dir.resolve(if (name in gz) "$name.gz" else name)) }
        }

        test(
            "count and age limits over 1,000 hourly periods across the spring DST change: exactly the newest archives within both limits are kept"
        ) {
            val dir = scratchDir()
            val retention = Retention(30, 40.hours, null)
            var checks = 0
            val created =
                simulate(
                    Scenario(Instant.parse("2026-03-15T00:00:00Z"), 1_000, retention, compress = false, seed = 42),
                    dir,
                ) { now, created, ends, _ ->
                    val present = archivesIn(dir).keys
                    val young =
                        created.filter { now.toEpochMilli() - ends.getValue(it).toEpochMilli() <= 40 * 3_600_000L }
                    present shouldBe young.takeLast(30).toSet()
                    checks++
                }
            checks shouldBe 1_000
            created.size shouldBeGreaterThanOrEqual 1_000
            // The run crossed the spring-forward night: 01:00 CET was followed by 03:00 CEST.
            created.any { it.startsWith("app.2026-03-29_01") }.shouldBeTrue()
            created.any { it.startsWith("app.2026-03-29_03") }.shouldBeTrue()
            created.none { it.startsWith("app.2026-03-29_02") }.shouldBeTrue()
            println(
                "RetentionSimulationTest: ${created.size} archives created over 1,000 steps, ${archivesIn(dir).size} kept at the end"
            )
        }

        test(
            "count and total-size limits with compression over 1,000 hourly periods across the autumn DST change: limits hold, oldest go first, none deleted needlessly"
        ) {
            val dir = scratchDir()
            val retention = Retention(40, null, 19_000)
            var countBound = 0
            var sizeBound = 0
            var deletedNeedlessly = 0
            var lastPresent = emptySet<String>()
            val created =
                simulate(
                    Scenario(Instant.parse("2026-10-01T00:00:00Z"), 1_000, retention, compress = true, seed = 7),
                    dir,
                ) { _, created, _, beforeSizes ->
                    val present = archivesIn(dir)
                    present.size shouldBeLessThanOrEqual 40
                    present.values.sum() shouldBeLessThanOrEqual 19_000L
                    // Oldest first: what is left is a suffix of the creation order.
                    present.keys shouldBe created.takeLast(present.size).toSet()
                    // The newest archive this pass deleted really had to go: keeping it too would break a limit.
                    val newestDeleted = created.dropLast(present.size).lastOrNull()
                    val sizeBefore = newestDeleted?.let { beforeSizes["$it.gz"] }
                    if (newestDeleted != null && newestDeleted in lastPresent && sizeBefore != null) {
                        val countBreaks = present.size + 1 > 40
                        val sizeBreaks = present.values.sum() + sizeBefore > 19_000
                        if (countBreaks) countBound++
                        if (sizeBreaks) sizeBound++
                        if (!countBreaks && !sizeBreaks) deletedNeedlessly++
                    }
                    lastPresent = present.keys
                }
            deletedNeedlessly shouldBe 0
            withClue("both limits had to delete at some point (count: $countBound, size: $sizeBound)") {
                (countBound > 0 && sizeBound > 0).shouldBeTrue()
            }
            created.size shouldBeGreaterThanOrEqual 1_000
            // The run crossed the autumn night: 02:00 was shown twice, the second time named with its offset.
            created.any { it.startsWith("app.2026-10-25_02.") || it == "app.2026-10-25_02.log" }.shouldBeTrue()
            created.any { it.startsWith("app.2026-10-25_02+0100") }.shouldBeTrue()
            archivesIn(dir).size shouldBeGreaterThanOrEqual 10
            println(
                "RetentionSimulationTest: ${created.size} archives created over 1,000 steps, ${archivesIn(dir).size} kept " +
                    "(all compressed) at the end; deletions forced by the count limit $countBound times, by the size limit $sizeBound times"
            )
        }
    })
