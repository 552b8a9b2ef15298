package dev.rotolog.multiprocess

import dev.rotolog.PeriodUnit
import dev.rotolog.archive.ArchiveStep
import dev.rotolog.archive.Retention
import dev.rotolog.archive.gunzip
import dev.rotolog.archive.gzipProgram
import dev.rotolog.archive.gzipTest
import dev.rotolog.archive.namesIn
import dev.rotolog.archive.runOnePass
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.LogFiles
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.ProcessExpectation
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/**
 * SIGKILL in the middle of archiving, at each step that leaves something behind: a `.gz.part` half written, a complete
 * `x.gz` beside the raw `x`, a retention pass half done. A first child JVM (P0) writes a rotated log without archiving;
 * a second (P1, the victim) starts with compression on, and its archiver stops at the step (a test pause point) while
 * its writer goes on logging; the parent kills it there. Then the next pass runs in the parent (another process, so it
 * must get the lock the dead victim held) and every record must be present exactly once across raw and compressed
 * files, with no `.part` left and every `.gz` complete.
 */
class ArchiveCrashTest :
    FunSpec({
        val base = WorkDirs.fresh("archive-crash-base")
        val perThread = scaled(1_500)
        lateinit var writerOptions: LoggingChildOptions

        beforeSpec {
            // P0: ~3 s of records into a log rotated every second and at 64 KiB, left uncompressed. Each case starts
            // from a copy of what it left.
            writerOptions =
                LoggingChildOptions(
                    base.resolve("shared.log"),
                    0,
                    2,
                    perThread,
                    ChildEnd.CLOSE,
                    rotateSeconds = 1,
                    maxSize = 64 * 1024,
                    recordsPerSecond = 500,
                )
            LoggingChild.start("writer-p0", writerOptions, base).use { child ->
                StartBarrier.release(listOf(child))
                child.awaitLineStartingWith(ChildProtocol.STATS)
                withClue(child.stderr()) { child.awaitExit() shouldBe 0 }
            }
        }

        class Case(val step: ArchiveStep, val keep: Int)

        withData(
            nameFn = {
                "killed at ${it.step}${if (it.keep > 0) " (keep ${it.keep})" else ""}: the next pass leaves every record once, no .part"
            },
            Case(ArchiveStep.PART_CREATED, 0),
            Case(ArchiveStep.PUBLISHED, 0),
            Case(ArchiveStep.RETENTION_DELETED, 3),
        ) { case ->
            val dir = WorkDirs.fresh("archive-crash-${case.step}")
            Files.list(base)
                .use { files -> files.filter { Files.isRegularFile(it) }.toList() }
                .forEach { Files.copy(it, dir.resolve(it.fileName), StandardCopyOption.COPY_ATTRIBUTES) }
            val file = dir.resolve("shared.log")
            val naming = ArchiveNaming(file.fileName.toString(), PeriodUnit.SECONDS)
            fun archives(): List<String> = namesIn(dir).filter { naming.parse(it) != null }
            val before = archives()
            withClue("P0 left archives to work on: $before") { before.size shouldBeGreaterThanOrEqual 5 }

            val victim =
                LoggingChildOptions(
                    file,
                    1,
                    1,
                    LoggingChildOptions.UNTIL_KILLED,
                    ChildEnd.CLOSE,
                    rotateSeconds = 1,
                    maxSize = 64 * 1024,
                    recordsPerSecond = 50,
                    compress = true,
                    keepArchives = case.keep,
                    archivePause = case.step.name,
                )
            LoggingChild.start("victim-p1", victim, dir).use { child ->
                StartBarrier.release(listOf(child))
                val paused = child.awaitLineStartingWith(ChildProtocol.ARCHIVE_PAUSED)
                val at = ChildProtocol.fields(paused).getValue("file")
                // The crash state the step promises is really on disk when the victim dies.
                when (case.step) {
                    ArchiveStep.PART_CREATED -> Files.exists(dir.resolve(at)) shouldBe true
                    ArchiveStep.PUBLISHED -> {
                        Files.exists(dir.resolve(at)) shouldBe true
                        Files.exists(dir.resolve(at.removeSuffix(".gz"))) shouldBe true
                    }
                    ArchiveStep.RETENTION_DELETED -> {
                        Files.exists(dir.resolve(at)) shouldBe false
                        withClue("retention still had more to delete") {
                            archives().size shouldBeGreaterThanOrEqual case.keep + 1
                        }
                    }
                }
                println(
                    "archive-crash ${case.step}: victim paused at $at; files: ${namesIn(dir).filter { it.startsWith("shared.") }}"
                )
                child.kill() shouldBe 137
            }

            val retention = if (case.keep > 0) Retention(case.keep, null, null) else Retention(null, null, null)
            val pass = runOnePass(file, 1, compress = true, retention = retention)

            val names = namesIn(dir)
            names.filter { it.endsWith(".part") }.shouldBeEmpty()
            val left = archives()
            withClue("no archive both raw and compressed: $left") {
                left.filter { !it.endsWith(".gz") }.filter { "$it.gz" in left }.shouldBeEmpty()
            }
            withClue("every archive compressed: $left") { left.filter { !it.endsWith(".gz") }.shouldBeEmpty() }
            for (gz in left) {
                val path: Path = dir.resolve(gz)
                if (gzipProgram != null) withClue(gz) { gzipTest(path) shouldBe null } else gunzip(path)
            }
            val pruned = case.keep > 0
            if (pruned) left.size shouldBe case.keep
            if (case.step != ArchiveStep.RETENTION_DELETED) pass.repaired.get() shouldBeGreaterThanOrEqual 1L
            val check =
                RecordChecker(
                        listOf(
                            ProcessExpectation(0, 2, perThread, pruned = pruned),
                            ProcessExpectation(1, 1, LoggingChildOptions.UNTIL_KILLED, killed = true, pruned = pruned),
                        )
                    )
                    .check(LogFiles.inWriteOrder(file, PeriodUnit.SECONDS))
            println(
                "archive-crash ${case.step}: next pass repaired ${pass.repaired.get()}, compressed ${pass.compressed.get()}, " +
                    "deleted ${pass.deleted.get()}; ${left.size} archives left\n  ${check.summary}"
            )
            withClue(check.details) { check.isClean shouldBe true }
            if (!pruned) check.threads.filter { it.process == 0 }.sumOf { it.found } shouldBe 2 * perThread
            WorkDirs.delete(dir)
        }

        afterSpec { WorkDirs.delete(base) }
    })
