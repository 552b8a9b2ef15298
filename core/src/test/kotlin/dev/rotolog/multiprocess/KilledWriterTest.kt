package dev.rotolog.multiprocess

import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.ChildStats
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.RecordFormat
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption

class KilledWriterTest :
    FunSpec({
        test(
            "a writer killed with SIGKILL mid-run leaves a gapless prefix and no torn tail, and the others lose nothing"
        ) {
            val dir = WorkDirs.fresh("killed")
            val file = dir.resolve("shared.log")
            val perThread = scaled(20_000)
            // Survivors stop halfway and go on only after the kill, so each of them takes the lock the victim may
            // have died holding, and writes after whatever the victim left at the end of the file.
            val survivors =
                (0 until 3).map { p ->
                    LoggingChildOptions(file, p, 2, perThread, ChildEnd.CLOSE, pauseAfter = perThread / 2)
                }
            val victim =
                LoggingChildOptions(file, 3, 2, LoggingChildOptions.UNTIL_KILLED, ChildEnd.CLOSE, progressEvery = 1_000)
            val survivorJvms = survivors.map { LoggingChild.start("survivor-p${it.process}", it, dir) }
            val victimJvm = LoggingChild.start("victim-p3", victim, dir)
            val all = survivorJvms + victimJvm
            try {
                StartBarrier.release(all)
                val minimumWritten = scaled(10_000)
                val progress =
                    victimJvm.awaitLine { line ->
                        line.startsWith(ChildProtocol.PROGRESS) &&
                            ChildProtocol.fields(line).getValue("written").toLong() >= minimumWritten
                    }
                val writtenBeforeKill = ChildProtocol.fields(progress).getValue("written").toInt()

                val exitCode = victimJvm.kill()

                withClue("a SIGKILLed JVM exits with 128 + 9") { exitCode shouldBe 137 }
                survivorJvms.forEach { it.awaitLineStartingWith(ChildProtocol.PAUSED) }
                survivorJvms.forEach { it.send(ChildProtocol.GO) }
                val stats = survivorJvms.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                survivorJvms.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                val check =
                    RecordChecker(survivors.map { it.expectation() } + victim.expectation(killed = true))
                        .check(listOf(file))
                val kept = check.threads.filter { it.process == victim.process }.sumOf { it.expected }
                println(
                    "killed-writer test: victim wrote >= $writtenBeforeKill before SIGKILL, left $kept records; " +
                        "torn tails the survivors cut: ${stats.sumOf { it.tornTailsRepaired }}\n  ${check.summary}"
                )
                withClue(check.details) {
                    listOf(check.lost, check.duplicated, check.torn, check.outOfOrder, check.unexpected) shouldBe
                        listOf(0L, 0L, 0L, 0L, 0L)
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

        // A SIGKILL lands inside a write only now and then, so the repair is also shown on a tail planted the way
        // a writer dying mid-write leaves it: under the cross-process lock, a record without its end.
        test(
            "a record left half-written at the end of the file by a dead writer is cut off, not glued to the next one"
        ) {
            val dir = WorkDirs.fresh("torn-tail")
            val file = dir.resolve("shared.log")
            val perThread = scaled(2_000)
            val options = LoggingChildOptions(file, 0, 2, perThread, ChildEnd.CLOSE, pauseAfter = perThread / 2)
            LoggingChild.start("writer-p0", options, dir).use { child ->
                StartBarrier.release(listOf(child))
                child.awaitLineStartingWith(ChildProtocol.PAUSED)
                val dead = LoggingChildOptions(file, 1, 1, LoggingChildOptions.UNTIL_KILLED)
                val partial = "2026-01-01T00:00:00.000+00:00 INFO  [w0] p1 - " + RecordFormat.expectedText(1, 0, 0)
                appendUnderLock(file, partial.toByteArray(Charsets.UTF_8).let { it.copyOf(it.size - 3) })

                child.send(ChildProtocol.GO)
                val stats = ChildStats.parse(child.awaitLineStartingWith(ChildProtocol.STATS))
                withClue(child.stderr()) { child.awaitExit() shouldBe 0 }

                val check =
                    RecordChecker(listOf(options.expectation(), dead.expectation(killed = true))).check(listOf(file))
                println("torn-tail test: tails cut ${stats.tornTailsRepaired}; ${check.summary}")
                withClue(check.details) {
                    check.isClean shouldBe true
                    check.intact shouldBe 2L * perThread
                }
                stats.tornTailsRepaired shouldBe 1
            }
            WorkDirs.delete(dir)
        }
    })

/** Appends [bytes] to [file] while holding rotolog's cross-process lock on its sidecar, as a writer would. */
private fun appendUnderLock(file: Path, bytes: ByteArray) {
    val lockPath = file.resolveSibling("${file.fileName}.lock")
    FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE).use { lockChannel ->
        lockChannel.lock().use {
            FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND).use { log ->
                val buffer = ByteBuffer.wrap(bytes)
                while (buffer.hasRemaining()) log.write(buffer)
            }
        }
    }
}
