package dev.rotolog.multiprocess

import dev.rotolog.PeriodUnit
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.testkit.ChildEnd
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
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.time.OffsetDateTime
import java.time.ZoneOffset

/** One line of the rotation journal the children append to under the lock. */
private class JournalEntry(
    val pid: Long,
    val reason: String,
    val periodStart: Long,
    val index: Int,
    val archive: String,
)

private fun readJournal(journal: Path): List<JournalEntry> =
    if (!Files.exists(journal)) {
        emptyList()
    } else {
        Files.readAllLines(journal).map { line ->
            val f = line.split(' ')
            JournalEntry(f[0].toLong(), f[1], f[2].toLong(), f[3].toInt(), f[4])
        }
    }

/** Epoch millis of the `%d` timestamp that starts every record line. */
private fun lineMillis(line: String): Long = OffsetDateTime.parse(line.substringBefore(' ')).toInstant().toEpochMilli()

/** The elements that occur more than once. */
private fun <T> List<T>.duplicates(): Set<T> = groupingBy { it }.eachCount().filterValues { it > 1 }.keys

class RotateOnceTest :
    FunSpec({
        test(
            "4 JVMs x 2 threads rotating every second with a size limit: nothing lost, doubled or torn, each period rotated once, no file over the limit"
        ) {
            val dir = WorkDirs.fresh("rotate-once")
            val file = dir.resolve("shared.log")
            val journal = dir.resolve("journal.txt")
            val seconds = 22
            val perSecond = 250
            val perThread = scaled(seconds * perSecond)
            val maxSize = 256 * 1024L
            val options =
                (0 until 4).map { p ->
                    LoggingChildOptions(
                        file,
                        p,
                        2,
                        perThread,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        maxSize = maxSize,
                        recordsPerSecond = perSecond,
                        journal = journal,
                    )
                }
            val children = options.map { LoggingChild.start("rot-p${it.process}", it, dir) }
            try {
                val released = StartBarrier.release(children)
                val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                val wall = (System.nanoTime() - released) / 1e9
                children.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                val files = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                val check = RecordChecker(options.map { it.expectation() }).check(files)
                withClue(check.details) { check.isClean shouldBe true }
                check.intact shouldBe 4L * 2 * perThread

                // Rotate once: every rotation is in the journal, each archive name once, each period closed by time
                // at most once, the indices of a period 0, 1, 2, ... without gaps or repeats. Which process rotates is
                // not promised (one JVM may win every boundary), so it is reported, not asserted.
                val rotations = readJournal(journal)
                val archives = files.filter { it != file }
                rotations.map { it.archive }.duplicates().shouldBeEmpty()
                rotations.map { it.periodStart to it.index }.duplicates().shouldBeEmpty()
                rotations.map { it.archive }.sorted() shouldBe archives.map { it.fileName.toString() }.sorted()
                rotations.filter { it.reason == "CLOCK_BEHIND" }.shouldBeEmpty()
                val timeRotations = rotations.filter { it.reason == "TIME" }.groupBy { it.periodStart }
                timeRotations.filterValues { it.size > 1 }.keys.shouldBeEmpty()
                for ((period, inPeriod) in rotations.groupBy { it.periodStart }) {
                    withClue("period $period") { inPeriod.map { it.index }.sorted() shouldBe inPeriod.indices.toList() }
                }
                timeRotations.size shouldBeGreaterThanOrEqual seconds - 2
                rotations.count { it.reason == "SIZE" } shouldBeGreaterThan 0

                // Each archive holds only records of its own period, apart from late ones (made before it began).
                val naming = ArchiveNaming(file.fileName.toString(), PeriodUnit.SECONDS)
                var late = 0L
                var maxLateness = 0L
                for (archive in archives) {
                    val start =
                        naming.parse(archive.fileName.toString())!!.label!!.toInstant(ZoneOffset.UTC).toEpochMilli()
                    for (line in Files.readAllLines(archive)) {
                        val made = lineMillis(line)
                        withClue("$archive holds a record made at $made, after its period ended") {
                            made shouldBe made.coerceAtMost(start + 999)
                        }
                        if (made < start) {
                            late++
                            maxLateness = maxOf(maxLateness, start - made)
                        }
                    }
                }
                late shouldBeLessThanOrEqual stats.sumOf { it.lateRecords }

                // Size: no file above the limit unless it is a single record.
                for (f in files) {
                    if (Files.size(f) > maxSize)
                        withClue("$f is ${Files.size(f)} bytes") { Files.readAllLines(f).size shouldBe 1 }
                }

                val perPeriod = rotations.groupBy { it.periodStart }.values.map { it.size }
                println(
                    """
                |rotate-once test: ${options.size} JVMs x 2 threads, ${check.intact} records in ${"%.1f".format(wall)} s, ${files.size} files
                |  rotations: ${rotations.size} (${timeRotations.size} by time, ${rotations.count { it.reason == "SIZE" }} by size) by ${rotations.map { it.pid }.toSet().size} processes; files per period min ${perPeriod.min()} max ${perPeriod.max()}
                |  late records: $late in archives (children counted ${stats.sumOf { it.lateRecords }}), largest lateness ${maxLateness} ms (children: ${stats.maxOf { it.maxLatenessMillis }} ms)
                |  lock hold: p99 <= ${"%.2f".format(stats.maxOf { it.lockHoldNanosP99 } / 1e6)} ms, longest ${"%.2f".format(stats.maxOf { it.lockHoldNanosMax } / 1e6)} ms
                |  ${check.summary}
                """
                        .trimMargin()
                )
            } finally {
                children.forEach { it.close() }
            }
        }
    })
