package dev.rotolog.faults

import dev.rotolog.PeriodUnit
import dev.rotolog.multiprocess.WorkDirs
import dev.rotolog.multiprocess.scaled
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildJvm
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.ChildStats
import dev.rotolog.testkit.LogFiles
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.time.OffsetDateTime
import java.time.ZoneOffset
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/** When a victim is killed: the kinds are cycled so every run has all of them. */
private enum class KillKind {
    /** Within 20 ms before or after a wall-clock second, the rotation boundary. */
    BOUNDARY,

    /** At a random moment 100-700 ms into its run. */
    RANDOM,

    /** 0-30 ms after GO, before or while its first batch is written. */
    EARLY,

    /** 200-900 ms after its JVM was started, before or during its start (the start-up rotation check). */
    BOOT,
}

private val KILL_PATTERN =
    listOf(
        KillKind.BOUNDARY,
        KillKind.RANDOM,
        KillKind.BOUNDARY,
        KillKind.EARLY,
        KillKind.BOUNDARY,
        KillKind.BOOT,
        KillKind.BOUNDARY,
        KillKind.RANDOM,
    )

/** Victims live a second or two: C1 only starts them faster and leaves the cores to the writers. */
private val VICTIM_JVM_OPTIONS = ChildJvm.DEFAULT_JVM_OPTIONS + "-XX:TieredStopAtLevel=1"

/** Victims started ahead, so a released one is usually ready at once. */
private const val POOL = 3

private class Victim(val options: LoggingChildOptions, val jvm: ChildJvm)

class KillStormFaultTest :
    FunSpec({
        test(
            "SIGKILL of 30+ random writers, half within 20 ms of a rotation boundary, while fresh ones start: nothing lost, doubled or torn, no archive overwritten, a fresh writer works afterwards"
        ) {
            val dir = WorkDirs.fresh("fault-kill-storm")
            val file = dir.resolve("app.log")
            val journal = dir.resolve("journal.txt")
            val seed = System.nanoTime()
            val rng = Random(seed)
            val targetKills = 32
            val survivorPace = 400
            val survivorRecords = scaled(survivorPace * 25)
            val survivors =
                (0 until 2).map { p ->
                    LoggingChildOptions(
                        file,
                        p,
                        2,
                        survivorRecords,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        recordsPerSecond = survivorPace,
                        journal = journal,
                    )
                }
            val victims = ArrayList<Victim>()
            var nextVictim = 100
            fun startVictim(): Victim {
                val options =
                    LoggingChildOptions(
                        file,
                        nextVictim++,
                        2,
                        LoggingChildOptions.UNTIL_KILLED,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        recordsPerSecond = 1_000,
                        journal = journal,
                    )
                return Victim(
                        options,
                        LoggingChild.start("victim-p${options.process}", options, dir, VICTIM_JVM_OPTIONS),
                    )
                    .also { victims += it }
            }
            val survivorJvms = survivors.map { LoggingChild.start("survivor-p${it.process}", it, dir) }
            val everyJvm = { survivorJvms + victims.map { it.jvm } }
            val pool = ArrayDeque<Victim>()
            val running = ArrayList<Victim>()
            val offsets = ArrayList<Long>()
            val kinds = HashMap<KillKind, Int>()
            val started = System.nanoTime()
            try {
                repeat(POOL) { pool += startVictim() }
                StartBarrier.release(survivorJvms)
                fun release(): Victim {
                    val victim = pool.removeFirst()
                    victim.jvm.awaitLine(60.seconds) { it == ChildProtocol.READY }
                    victim.jvm.send(ChildProtocol.GO)
                    running += victim
                    while (pool.size < POOL) pool += startVictim()
                    return victim
                }
                fun kill(victim: ChildJvm, kind: KillKind) {
                    val at = System.currentTimeMillis()
                    val code = victim.kill()
                    withClue("${victim.name} was killed with SIGKILL") { code shouldBe 137 }
                    offsets += offsetFromSecondBoundary(at)
                    kinds.merge(kind, 1, Int::plus)
                }
                repeat(2) { release() }
                // At least targetKills, and more (up to 48) until 12 have landed within 20 ms of a boundary: a loaded
                // machine may wake this thread late now and then.
                var k = 0
                while (k < targetKills || offsets.count { kotlin.math.abs(it) <= 20 } < 12 && k < 48) {
                    when (val kind = KILL_PATTERN[k++ % KILL_PATTERN.size]) {
                        KillKind.BOUNDARY -> {
                            val victim = running.removeAt(rng.nextInt(running.size))
                            val now = System.currentTimeMillis()
                            var at = (now / 1000 + 1) * 1000 + rng.nextLong(-20, 21)
                            if (at - now < 50) at += 1000
                            parkUntilWallClock(at)
                            kill(victim.jvm, kind)
                        }
                        KillKind.RANDOM -> {
                            val victim = running.removeAt(rng.nextInt(running.size))
                            parkUntilWallClock(System.currentTimeMillis() + rng.nextLong(100, 701))
                            kill(victim.jvm, kind)
                        }
                        KillKind.EARLY -> {
                            val victim = release()
                            running -= victim
                            parkUntilWallClock(System.currentTimeMillis() + rng.nextLong(0, 31))
                            kill(victim.jvm, kind)
                        }
                        KillKind.BOOT -> {
                            val victim = startVictim()
                            parkUntilWallClock(System.currentTimeMillis() + rng.nextLong(200, 901))
                            kill(victim.jvm, kind)
                        }
                    }
                    while (running.size < 2) release()
                }
                val stormSeconds = (System.nanoTime() - started) / 1e9
                for (victim in running + pool) kill(victim.jvm, KillKind.RANDOM)
                running.clear()
                pool.clear()

                val survivorStats = survivorJvms.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                survivorJvms.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                // A fresh writer after the storm: it must start, write everything and close normally.
                val fresh =
                    LoggingChildOptions(
                        file,
                        99,
                        2,
                        scaled(3_000),
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        journal = journal,
                    )
                val freshStats =
                    LoggingChild.start("fresh-p99", fresh, dir).use { child ->
                        StartBarrier.release(listOf(child))
                        ChildStats.parse(child.awaitLineStartingWith(ChildProtocol.STATS)).also {
                            withClue(child.stderr()) { child.awaitExit() shouldBe 0 }
                        }
                    }

                val files = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                val expectations =
                    survivors.map { it.expectation() } +
                        fresh.expectation() +
                        victims.map { it.options.expectation(killed = true) }
                val check = RecordChecker(expectations).check(files)
                val rotations = readJournal(journal)
                val journalNames = rotations.map { it.archive }
                val onDisk = files.filter { it != file }.map { it.fileName.toString() }.toSet()
                val unjournaled = onDisk - journalNames.toSet()
                val periodsRotatedTwice =
                    rotations.filter { it.reason == "TIME" }.groupBy { it.periodStart }.count { it.value.size > 1 }
                val victimRecords = check.threads.filter { it.killed }.sumOf { it.expected.toLong() }
                val nearBoundary = offsets.count { kotlin.math.abs(it) <= 20 }
                // A record made after an archive's period ended was written into a file someone had already rotated.
                val afterPeriodEnd = recordsAfterPeriodEnd(files.filter { it != file })
                FaultFigures.print(
                    "kill-storm",
                    "kills" to offsets.size,
                    "withinBoundary20ms" to nearBoundary,
                    "kinds" to kinds.entries.sortedBy { it.key }.joinToString(",") { "${it.key}:${it.value}" },
                    "victims" to victims.size,
                    "storm" to "%.1fs".format(stormSeconds),
                    "records" to check.intact,
                    "victimRecords" to victimRecords,
                    "files" to files.size,
                    "lost" to check.lost,
                    "duplicated" to check.duplicated,
                    "torn" to check.torn,
                    "outOfOrder" to check.outOfOrder,
                    "unexpected" to check.unexpected,
                    "nulBytes" to check.nulBytes,
                    "tornTailsRepaired" to (survivorStats + freshStats).sumOf { it.tornTailsRepaired },
                    "rotations" to rotations.size,
                    "periodsRotatedTwice" to periodsRotatedTwice,
                    "archivesNotInJournal" to unjournaled.size,
                    "recordsAfterPeriodEnd" to afterPeriodEnd,
                    "freshWritten" to freshStats.written,
                    "seed" to seed,
                )

                withClue("kills ${offsets.size}, offsets from a second: $offsets") {
                    offsets.size shouldBeGreaterThanOrEqual 30
                    nearBoundary shouldBeGreaterThanOrEqual 12
                }
                withClue(check.details) { check.isClean shouldBe true }
                withClue("records in an archive made after its period ended") { afterPeriodEnd shouldBe 0 }
                survivorStats.forEach { it.written shouldBe 2L * survivorRecords }
                freshStats.written shouldBe 2L * fresh.recordsPerThread
                // No archive overwritten: each name was chosen once, every journaled archive is still there, and only
                // a rotation whose process died between its rename and its journal line may be missing from the
                // journal.
                withClue("archive names chosen more than once") {
                    journalNames.groupBy { it }.filterValues { it.size > 1 }.keys.shouldBeEmpty()
                }
                withClue("journaled archives missing on disk") { (journalNames.toSet() - onDisk).shouldBeEmpty() }
                withClue("archives no journal line names: $unjournaled") {
                    unjournaled.size shouldBeLessThanOrEqual offsets.size
                }
                WorkDirs.delete(dir)
            } finally {
                everyJvm().forEach { it.close() }
            }
        }
    })

/** Lines in [archives] (rotolog's names, periods of one second, UTC) whose record was made after the period ended. */
internal fun recordsAfterPeriodEnd(archives: List<Path>): Long {
    val naming = ArchiveNaming("app.log", PeriodUnit.SECONDS)
    return archives.sumOf { archive ->
        val end = naming.parse(archive.fileName.toString())!!.label!!.toInstant(ZoneOffset.UTC).toEpochMilli() + 1_000
        Files.newInputStream(archive).bufferedReader(Charsets.UTF_8).useLines { lines ->
            lines
                .count { line ->
                    runCatching { OffsetDateTime.parse(line.substringBefore(' ')).toInstant().toEpochMilli() >= end }
                        .getOrDefault(false)
                }
                .toLong()
        }
    }
}
