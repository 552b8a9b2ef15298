package dev.rotolog.faults

import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.multiprocess.WorkDirs
import dev.rotolog.multiprocess.scaled
import dev.rotolog.testkit.ChildEnd
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
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlin.time.Duration.Companion.seconds

private const val CASE = "disk-full"

/** How long the disk stays full once both writers have hit it. */
private const val FULL_MILLIS = 2_000L

/** The promise: writing resumes by itself within this long after space is freed. */
private const val RESUME_WITHIN_MILLIS = 2_000L

class DiskFullFaultTest :
    FunSpec({
        test(
                "disk full on a small tmpfs while 2 JVMs write, then space freed: no torn line, writing resumes within 2 s, every lost record counted and reported"
            )
            .config(
                enabledOrReasonIf =
                    skipUnlessPossible(CASE) {
                        val probe = faultDir("fault-disk-full-probe")
                        Tmpfs.reasonItCannot(probe.resolve("mnt")).also { WorkDirs.delete(probe) }
                    }
            ) {
                val dir = faultDir("fault-disk-full")
                val mnt = dir.resolve("tmpfs")
                val mounted = Tmpfs.mount(mnt, "24m")
                withClue(mounted.output) { mounted.ok shouldBe true }
                try {
                    val file = mnt.resolve("app.log")
                    val filler = mnt.resolve("filler.bin")
                    fill(filler, leaveFree = 1_536L * 1024)
                    val perThread = scaled(1_000 * 9)
                    // One writer drops at once when its queue is full, the other blocks its callers 200 ms first.
                    val options =
                        listOf(OverflowPolicy.DROP, OverflowPolicy.BLOCK).mapIndexed { p, policy ->
                            LoggingChildOptions(
                                file,
                                p,
                                2,
                                perThread,
                                ChildEnd.CLOSE,
                                rotateSeconds = 1,
                                recordsPerSecond = 1_000,
                                overflow = policy,
                                queueCapacity = 4_096,
                                blockTimeoutMillis = 200,
                                closeTimeoutMillis = 5_000,
                                countersEveryMillis = 20,
                            )
                        }
                    val children = options.map { LoggingChild.start("disk-full-p${it.process}", it, dir) }
                    try {
                        StartBarrier.release(children)
                        // Full: both writers have seen a write fail.
                        for (child in children) {
                            child.awaitLine(30.seconds) {
                                it.startsWith(ChildProtocol.COUNTERS) &&
                                    ChildProtocol.fields(it).getValue("errors").toLong() > 0
                            }
                        }
                        val fullAt = System.currentTimeMillis()
                        val freeWhenFull = Files.getFileStore(mnt).usableSpace
                        parkUntilWallClock(fullAt + FULL_MILLIS)
                        val freedAt = System.currentTimeMillis()
                        Files.delete(filler)

                        val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                        children.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                        // Resumed: the first counter sample after the space came back that shows more records written.
                        val resumedAfter =
                            children.map { child ->
                                val samples = CounterSample.all(child)
                                val before = samples.lastOrNull { it.at < freedAt }?.written ?: 0
                                samples.firstOrNull { it.at >= freedAt && it.written > before }?.let { it.at - freedAt }
                            }

                        val files = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                        val check =
                            RecordChecker(options.map { it.expectation() }, noticeLine = RecordFormat.NOTICE)
                                .check(files)
                        val missing =
                            options.map { o ->
                                check.threads.filter { it.process == o.process }.sumOf { it.lost.toLong() }
                            }
                        val finals = children.map { FinalFigures.lastIn(it.stderr()) }
                        val noticedDrops =
                            check.noticeTexts.sumOf {
                                Regex("""(\d+) records were dropped""").find(it)?.groupValues?.get(1)?.toLong() ?: 0L
                            }
                        FaultFigures.print(
                            CASE,
                            "records" to options.sumOf { it.threads.toLong() * it.recordsPerThread },
                            "written" to stats.sumOf { it.written },
                            "dropped" to stats.joinToString("+") { it.dropped.toString() },
                            "lost" to stats.joinToString("+") { it.lost.toString() },
                            "missingInFiles" to missing.joinToString("+"),
                            "errors" to stats.joinToString("+") { it.errors.toString() },
                            "freeWhenFull" to "${freeWhenFull}B",
                            "fullFor" to ms(freedAt - fullAt),
                            "resumedAfter" to resumedAfter.joinToString("/") { it?.let(::ms) ?: "never" },
                            "torn" to check.torn,
                            "duplicated" to check.duplicated,
                            "nulBytes" to check.nulBytes,
                            "dropNoticesInLog" to "${check.notices}($noticedDrops records)",
                            "stderrFinal" to
                                finals.joinToString(" | ") { f ->
                                    f?.let { "a=${it.accepted} w=${it.written} d=${it.dropped} l=${it.lost}" } ?: "none"
                                },
                            "files" to files.size,
                        )

                        assertSoftly {
                            withClue(check.details) {
                                listOf(
                                    check.torn,
                                    check.duplicated,
                                    check.outOfOrder,
                                    check.unexpected,
                                    check.nulBytes,
                                ) shouldBe listOf(0L, 0L, 0L, 0L, 0L)
                            }
                            for ((i, o) in options.withIndex()) {
                                val s = stats[i]
                                withClue("P${o.process} ($s)") {
                                    s.errors shouldBeGreaterThan 0 // it did meet the full disk
                                    s.accepted + s.dropped shouldBe o.threads.toLong() * o.recordsPerThread
                                    s.accepted shouldBe s.written + s.lost
                                    // Every record missing from the files is one the counters admit to.
                                    missing[i] shouldBe s.dropped + s.lost
                                    measuredWithin(
                                        "writing resumed after the space was freed",
                                        resumedAfter[i],
                                        RESUME_WITHIN_MILLIS,
                                    )
                                    if (s.dropped + s.lost > 0) {
                                        val final = finals[i]
                                        withClue(
                                            "stderr's final line with accepted/written/dropped/lost (stderr:\n${children[i].stderr()})"
                                        ) {
                                            final?.let { listOf(it.accepted, it.written, it.dropped, it.lost) } shouldBe
                                                listOf(s.accepted, s.written, s.dropped, s.lost)
                                        }
                                    }
                                }
                            }
                            stats.sumOf { it.dropped } shouldBeGreaterThan 0 // the case did make records go missing
                        }
                    } finally {
                        children.forEach { it.close() }
                    }
                } finally {
                    Tmpfs.unmount(mnt)
                }
                WorkDirs.delete(dir)
            }
    })

/** Fills the file system of [file] with one file of zeros until about [leaveFree] bytes are left. */
private fun fill(file: Path, leaveFree: Long) {
    val store = Files.getFileStore(file.parent)
    val chunk = ByteBuffer.allocate(1 shl 20)
    FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).use { ch ->
        var left = store.usableSpace - leaveFree
        while (left > 0) {
            chunk.clear().limit(minOf(chunk.capacity().toLong(), left).toInt())
            left -= ch.write(chunk)
        }
    }
}
