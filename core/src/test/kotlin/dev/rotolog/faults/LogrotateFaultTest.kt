package dev.rotolog.faults

import dev.rotolog.multiprocess.WorkDirs
import dev.rotolog.multiprocess.scaled
import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildJvm
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.ChildStats
import dev.rotolog.testkit.LogFiles
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.RecordFormat
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.assertSoftly
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.time.OffsetDateTime

/** Records made this long before a logrotate run started may still be in a batch written during it. */
private const val BATCH_LATENCY_MILLIS = 200L

/** One forced logrotate run: when it started and ended (wall clock), and its exit code. */
private class LogrotateRun(val start: Long, val end: Long, val exitCode: Int, val output: String)

class LogrotateFaultTest :
    FunSpec({
        for (mode in listOf("create", "nocreate", "copytruncate")) {
            val case = "logrotate-$mode"
            val claim =
                if (mode == "copytruncate") {
                    "only records logged between its copy and its truncate are lost, and no NUL byte appears"
                } else {
                    "nothing lost, doubled or torn"
                }
            test("the real logrotate forced every second with $mode while 2 JVMs write, rotolog's rotation off: $claim")
                .config(enabledOrReasonIf = skipUnlessPossible(case) { Logrotate.binaryOrReason.second }) {
                    val logrotate = Logrotate.binaryOrReason.first!!
                    val dir = WorkDirs.fresh("fault-$case")
                    val logs = Files.createDirectories(dir.resolve("logs"))
                    val file = logs.resolve("app.log")
                    val config = dir.resolve("logrotate.conf")
                    val state = dir.resolve("logrotate.state")
                    Files.writeString(config, "$file {\n    rotate 1000\n    $mode\n    missingok\n    nocompress\n}\n")
                    val pace = 800
                    val perThread = scaled(pace * 7)
                    val options =
                        (0 until 2).map { p ->
                            LoggingChildOptions(file, p, 2, perThread, ChildEnd.CLOSE, recordsPerSecond = pace)
                        }
                    val children = options.map { LoggingChild.start("$case-p${it.process}", it, dir) }
                    val runs = ArrayList<LogrotateRun>()
                    try {
                        val t0 = StartBarrier.release(children).let { System.currentTimeMillis() }
                        var next = t0 + 1_000
                        while (
                            !children.all { c -> c.output.any { it.startsWith(ChildProtocol.STATS) } || !c.isAlive }
                        ) {
                            parkUntilWallClock(next)
                            next += 1_000
                            val start = System.currentTimeMillis()
                            val result = Host.run(logrotate.toString(), "-f", "-s", state.toString(), config.toString())
                            runs += LogrotateRun(start, System.currentTimeMillis(), result.exitCode, result.output)
                        }
                        val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                        children.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                        val files = LogFiles.inLogrotateOrder(file)
                        val check = RecordChecker(options.map { it.expectation() }).check(files)
                        val gaps = check.threads.flatMap { t -> t.gaps.map { Triple(t.process, t.thread, it) } }
                        val times = if (gaps.isEmpty()) emptyMap() else recordTimes(files)
                        // A gap is explained when the records around it were made around a logrotate run.
                        val unexplained =
                            gaps.filterNot { (p, t, range) ->
                                val before = times[Triple(p, t, range.first - 1)] ?: Long.MIN_VALUE
                                val after = times[Triple(p, t, range.last + 1)] ?: Long.MAX_VALUE
                                runs.any { it.start - BATCH_LATENCY_MILLIS <= after && before <= it.end }
                            }
                        val ratePerMilli = options.sumOf { it.threads * pace } / 1000.0
                        val lossBound =
                            runs.sumOf { (it.end - it.start + BATCH_LATENCY_MILLIS) * ratePerMilli }.toLong()
                        val failedRuns = runs.filter { it.exitCode != 0 }
                        // The writers follow each rotation: the rotated files hold records, not only the first one.
                        val filesWithRecords = files.count { f -> Files.newInputStream(f).use { it.read() } >= 0 }
                        FaultFigures.print(
                            case,
                            "logrotateRuns" to runs.size,
                            "failedRuns" to failedRuns.size,
                            "runMillis" to "max ${runs.maxOfOrNull { it.end - it.start }}",
                            "files" to files.size,
                            "filesWithRecords" to filesWithRecords,
                            "records" to options.sumOf { it.threads.toLong() * it.recordsPerThread },
                            "intact" to check.intact,
                            "lost" to check.lost,
                            "gaps" to check.threads.sumOf { it.missingRuns },
                            "unexplainedGaps" to unexplained.size,
                            "lossBound" to lossBound,
                            "duplicated" to check.duplicated,
                            "torn" to check.torn,
                            "tornAtEndOfCopy" to check.tornAtEnd,
                            "outOfOrder" to check.outOfOrder,
                            "nulBytes" to check.nulBytes,
                            "filesWithNul" to files.count { f -> Files.readAllBytes(f).any { it == 0.toByte() } },
                            "written" to stats.sumOf { it.written },
                        )

                        assertSoftly {
                            withClue("logrotate failed: ${failedRuns.firstOrNull()?.output}") {
                                failedRuns.shouldBeEmpty()
                            }
                            runs.size shouldBeGreaterThanOrEqual 3
                            withClue("files holding records: the writers must follow the rotations") {
                                filesWithRecords shouldBeGreaterThanOrEqual runs.size / 2
                            }
                            stats.forEach { it.written shouldBe it.accepted }
                            withClue(check.details) {
                                check.nulBytes shouldBe 0
                                check.duplicated shouldBe 0
                                check.unexpected shouldBe 0
                                check.outOfOrder shouldBe 0
                                if (mode == "copytruncate") {
                                    // A copy can end inside a record being written (its rest is then truncated away).
                                    check.torn shouldBe check.tornAtEnd
                                    check.tornAtEnd.toInt() shouldBeLessThanOrEqual runs.size
                                    withClue("gaps not around any logrotate run: ${unexplained.take(5)}") {
                                        unexplained.shouldBeEmpty()
                                    }
                                    check.lost shouldBeLessThanOrEqual lossBound
                                } else {
                                    check.isClean shouldBe true
                                }
                            }
                        }
                        WorkDirs.delete(dir)
                    } finally {
                        children.forEach(ChildJvm::close)
                    }
                }
        }
    })

/** The `%d` time of every whole record line in [files], by (process, thread, seq). */
private fun recordTimes(files: List<Path>): Map<Triple<Int, Int, Int>, Long> {
    val times = HashMap<Triple<Int, Int, Int>, Long>()
    for (file in files) {
        Files.newInputStream(file).bufferedReader(Charsets.UTF_8).useLines { lines ->
            for (line in lines) {
                val marker = RecordFormat.findMarkers(line).singleOrNull() ?: continue
                val time =
                    runCatching { OffsetDateTime.parse(line.substringBefore(' ')).toInstant().toEpochMilli() }
                        .getOrNull() ?: continue
                times[Triple(marker.process, marker.thread, marker.seq)] = time
            }
        }
    }
    return times
}
