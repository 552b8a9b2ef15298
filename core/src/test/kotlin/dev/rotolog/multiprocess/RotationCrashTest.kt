package dev.rotolog.multiprocess

import dev.rotolog.PeriodUnit
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
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files

class RotationCrashTest :
    FunSpec({
        test(
            "SIGKILL between the rename and the creation of the new file: the next writer repairs it, nothing lost or overwritten"
        ) {
            val dir = WorkDirs.fresh("rotation-crash")
            val file = dir.resolve("shared.log")
            val perThread = scaled(3_000)
            // The survivors log half their records, then wait until the victim is dead: the second half is written
            // by writers that find the victim's half-done rotation (no active file, the old state) and must repair it.
            val survivors =
                (0 until 2).map { p ->
                    LoggingChildOptions(
                        file,
                        p,
                        2,
                        perThread,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        recordsPerSecond = 1_000,
                        pauseAfter = perThread / 2,
                    )
                }
            val victim =
                LoggingChildOptions(
                    file,
                    2,
                    2,
                    LoggingChildOptions.UNTIL_KILLED,
                    ChildEnd.CLOSE,
                    rotateSeconds = 1,
                    recordsPerSecond = 1_000,
                    hangAfterRename = true,
                )
            val survivorJvms = survivors.map { LoggingChild.start("survivor-p${it.process}", it, dir) }
            val victimJvm = LoggingChild.start("victim-p2", victim, dir)
            try {
                StartBarrier.release(survivorJvms + victimJvm)
                val renamed = victimJvm.awaitLineStartingWith(ChildProtocol.RENAMED)
                val archive = ChildProtocol.fields(renamed).getValue("archive")
                withClue("the victim died holding the lock with no active file") { Files.exists(file) shouldBe false }
                victimJvm.kill() shouldBe 137
                survivorJvms.forEach { it.awaitLineStartingWith(ChildProtocol.PAUSED) }
                survivorJvms.forEach { it.send(ChildProtocol.GO) }

                val stats = survivorJvms.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                survivorJvms.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                val files = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                files.map { it.fileName.toString() } shouldContain archive
                val check =
                    RecordChecker(survivors.map { it.expectation() } + victim.expectation(killed = true)).check(files)
                println(
                    "rotation-crash test: victim renamed to $archive and was killed; ${files.size} files\n  ${check.summary}"
                )
                withClue(check.details) { check.isClean shouldBe true }
                check.intact shouldBe
                    2L * 2 * perThread + check.threads.filter { it.process == victim.process }.sumOf { it.expected }
                check.threads.filter { it.process == victim.process }.sumOf { it.expected }.toLong() shouldBeGreaterThan
                    0
                stats.forEach { it.dropped shouldBe 0 }
            } finally {
                (survivorJvms + victimJvm).forEach { it.close() }
            }
        }

        test(
            "a process that logs once and then stays idle for 3 periods rotates once, at the first boundary, with no empty archives"
        ) {
            val dir = WorkDirs.fresh("idle-rotation")
            val file = dir.resolve("idle.log")
            val journal = dir.resolve("journal.txt")
            val options =
                LoggingChildOptions(
                    file,
                    0,
                    1,
                    1,
                    ChildEnd.CLOSE,
                    rotateSeconds = 1,
                    journal = journal,
                    idleMillis = 3_500,
                )
            val child = LoggingChild.start("idle", options, dir)
            try {
                StartBarrier.release(listOf(child))
                val stats = ChildStats.parse(child.awaitLineStartingWith(ChildProtocol.STATS))
                withClue(child.stderr()) { child.awaitExit() shouldBe 0 }
                val files = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                val archives = files.filter { it != file }
                withClue("files: $files") { archives.size shouldBe 1 }
                Files.readAllLines(archives.single()).size shouldBe 1
                Files.size(file) shouldBe 0
                Files.readAllLines(journal).size shouldBe 1
                stats.rotations shouldBe 1
                RecordChecker(listOf(options.expectation())).check(files).isClean shouldBe true
                files.filter { Files.size(it) == 0L && it != file }.shouldBeEmpty()
            } finally {
                child.close()
            }
        }
    })
