package dev.rotolog.multiprocess

import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.ChildStats
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe

class KilledWriterTest : FunSpec({
    test("a writer killed with SIGKILL mid-run leaves a gapless prefix and no torn tail, and the others lose nothing") {
        val dir = WorkDirs.fresh("killed")
        val file = dir.resolve("shared.log")
        val perThread = scaled(20_000)
        // Survivors stop halfway and go on only after the kill, so each of them takes the lock the victim may
        // have died holding, and writes after whatever the victim left at the end of the file.
        val survivors = (0 until 3).map { p -> LoggingChildOptions(file, p, 2, perThread, ChildEnd.CLOSE, pauseAfter = perThread / 2) }
        val victim = LoggingChildOptions(file, 3, 2, LoggingChildOptions.UNTIL_KILLED, ChildEnd.CLOSE, progressEvery = 1_000)
        val survivorJvms = survivors.map { LoggingChild.start("survivor-p${it.process}", it, dir) }
        val victimJvm = LoggingChild.start("victim-p3", victim, dir)
        val all = survivorJvms + victimJvm
        try {
            StartBarrier.release(all)
            val minimumWritten = scaled(10_000)
            val progress = victimJvm.awaitLine { line ->
                line.startsWith(ChildProtocol.PROGRESS) && ChildProtocol.fields(line).getValue("written").toLong() >= minimumWritten
            }
            val writtenBeforeKill = ChildProtocol.fields(progress).getValue("written").toInt()

            val exitCode = victimJvm.kill()

            withClue("a SIGKILLed JVM exits with 128 + 9") { exitCode shouldBe 137 }
            survivorJvms.forEach { it.awaitLineStartingWith(ChildProtocol.PAUSED) }
            survivorJvms.forEach { it.send(ChildProtocol.GO) }
            val stats = survivorJvms.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
            survivorJvms.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

            val check = RecordChecker(survivors.map { it.expectation() } + victim.expectation(killed = true)).check(listOf(file))
            val kept = check.threads.filter { it.process == victim.process }.sumOf { it.expected }
            println(
                "killed-writer test: victim wrote >= $writtenBeforeKill before SIGKILL, left $kept records; " +
                    "torn tails the survivors cut: ${stats.sumOf { it.tornTailsRepaired }}\n  ${check.summary}",
            )
            withClue(check.details) {
                listOf(check.lost, check.duplicated, check.torn, check.outOfOrder, check.unexpected) shouldBe listOf(0L, 0L, 0L, 0L, 0L)
                // Records the victim had reported written are never taken away again.
                kept shouldBeGreaterThanOrEqual writtenBeforeKill
                check.intact shouldBe survivors.size * 2L * perThread + kept
            }
            stats.forEach { it.written shouldBe 2L * perThread }
            WorkDirs.delete(dir)
        } finally {
            all.forEach { it.close() }
        }
    }
})
