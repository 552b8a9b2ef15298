package dev.rotolog.faults

import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.multiprocess.WorkDirs
import dev.rotolog.multiprocess.scaled
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.ChildStats
import dev.rotolog.testkit.LogFiles
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.assertSoftly
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermissions
import java.time.OffsetDateTime
import java.time.ZoneOffset
import kotlin.time.Duration.Companion.seconds

class DirectoryFaultTest :
    FunSpec({
        test(
                "an existing log directory the process cannot write (run as nobody): Rotolog.start fails fast, naming the directory and saying it is not writable"
            )
            .config(enabledOrReasonIf = skipUnlessPossible("unwritable-directory") { AsNobody.reasonItCannot() }) {
                // Under the system temp directory, not the build tree: a checkout below a private home (/root is 0700)
                // would make the log directory unreachable for nobody, which is another failure than the one tested.
                val dir = Files.createTempDirectory("rotolog-fault-unwritable-dir")
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"))
                val logs = Files.createDirectories(dir.resolve("logs"))
                Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"))
                val options =
                    LoggingChildOptions(
                        logs.resolve("app.log"),
                        0,
                        1,
                        100,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        closeTimeoutMillis = 1_000,
                    )
                val started = System.nanoTime()
                LoggingChild.start(
                        "nobody-p0",
                        options,
                        dir,
                        classPath = AsNobody.classPath,
                        launcher = AsNobody.launcher,
                    )
                    .use { child ->
                        val first =
                            child.awaitLine(60.seconds) {
                                it == ChildProtocol.READY || it.startsWith(ChildProtocol.START_FAILED)
                            }
                        val millis = (System.nanoTime() - started) / 1_000_000
                        FaultFigures.print(
                            "unwritable-directory",
                            "user" to "nobody",
                            "directory" to "rwxr-xr-x root",
                            "outcome" to if (first == ChildProtocol.READY) "STARTED" else "REFUSED",
                            "message" to "\"${first.removePrefix(ChildProtocol.START_FAILED).trim()}\"",
                            "childMillisToVerdict" to millis,
                        )
                        withClue(
                            "Rotolog.start must refuse an existing directory it cannot write; the child said: $first\n${child.stderr()}"
                        ) {
                            first shouldStartWith ChildProtocol.START_FAILED
                            first shouldContain logs.toString()
                            first.lowercase() shouldContain "not writable"
                            child.awaitExit() shouldBe 4
                        }
                    }
                Files.exists(logs.resolve("app.log")) shouldBe false
                WorkDirs.delete(dir)
            }

        test("the log directory deleted mid-run: the writers recreate it and go on, nothing lost or torn") {
            val dir = WorkDirs.fresh("fault-deleted-dir")
            val logs = Files.createDirectories(dir.resolve("logs"))
            val saved = Files.createDirectories(dir.resolve("saved"))
            val file = logs.resolve("app.log")
            val pace = 500
            val perThread = scaled(pace * 8)
            val options =
                (0 until 2).map { p ->
                    LoggingChildOptions(
                        file,
                        p,
                        2,
                        perThread,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        recordsPerSecond = pace,
                    )
                }
            val children = options.map { LoggingChild.start("deleted-dir-p${it.process}", it, dir) }
            try {
                val t0 = StartBarrier.release(children).let { System.currentTimeMillis() }
                parkUntilWallClock(t0 + 3_000)
                // rm -rf of the directory. Its files are hard-linked into saved/ first so the checker can still count
                // what was in them; both happen under rotolog's lock only so that no rename slips between the two.
                val deletedAt: Long
                ForeignLock(logs.resolve("app.log.lock")).use {
                    Files.list(logs).use { it.toList() }.forEach { f -> Files.createLink(saved.resolve(f.fileName), f) }
                    deleteTree(logs)
                    deletedAt = System.currentTimeMillis()
                }
                var recreatedAfter: Long? = null
                val deadline = deletedAt + 10_000
                while (System.currentTimeMillis() < deadline) {
                    if (Files.isRegularFile(file) && Files.size(file) > 0) {
                        recreatedAfter = System.currentTimeMillis() - deletedAt
                        break
                    }
                    parkUntilWallClock(System.currentTimeMillis() + 5)
                }
                val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                children.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                // Everything in saved/ was written before the deletion, everything in logs/ after it.
                val before = LogFiles.inWriteOrder(saved.resolve("app.log"), PeriodUnit.SECONDS)
                val after =
                    if (Files.isDirectory(logs)) LogFiles.inWriteOrder(file, PeriodUnit.SECONDS) else emptyList()
                val check = RecordChecker(options.map { it.expectation() }).check(before + after)
                FaultFigures.print(
                    "deleted-directory",
                    "records" to check.intact,
                    "filesBefore" to before.size,
                    "filesAfter" to after.size,
                    "recreatedAfter" to (recreatedAfter?.let(::ms) ?: "never"),
                    "lost" to check.lost,
                    "duplicated" to check.duplicated,
                    "torn" to check.torn,
                    "outOfOrder" to check.outOfOrder,
                    "errors" to stats.sumOf { it.errors },
                )
                assertSoftly {
                    measuredWithin("the directory was recreated with a non-empty app.log", recreatedAfter, 10_000L)
                    withClue(check.details) {
                        check.isClean shouldBe true
                        check.intact shouldBe options.sumOf { it.threads.toLong() * it.recordsPerThread }
                    }
                    withClue("records written after the deletion, in the recreated directory") {
                        RecordChecker(options.map { it.expectation(killed = true) })
                            .check(after)
                            .intact shouldBeGreaterThan 0
                    }
                    stats.forEach { it.written shouldBe it.accepted }
                }
                WorkDirs.delete(dir)
            } finally {
                children.forEach { it.close() }
            }
        }

        test(
            "the active file replaced by a symlink to another file: no byte goes through it, stderr says so, and once it is removed writing resumes with nothing lost"
        ) {
            val dir = WorkDirs.fresh("fault-symlink")
            val logs = Files.createDirectories(dir.resolve("logs"))
            val saved = Files.createDirectories(dir.resolve("saved"))
            val outside = Files.createDirectories(dir.resolve("outside"))
            val target = outside.resolve("precious.txt")
            val precious = "not a log: nothing may be appended here\n".toByteArray()
            Files.write(target, precious)
            val targetModified = Files.getLastModifiedTime(target)
            val file = logs.resolve("app.log")
            val pace = 500
            val perThread = scaled(pace * 8)
            val options =
                (0 until 2).map { p ->
                    LoggingChildOptions(
                        file,
                        p,
                        2,
                        perThread,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        recordsPerSecond = pace,
                        overflow = OverflowPolicy.BLOCK,
                        queueCapacity = 1 shl 18,
                        blockTimeoutMillis = 60_000,
                    )
                }
            val children = options.map { LoggingChild.start("symlink-p${it.process}", it, dir) }
            try {
                val t0 = StartBarrier.release(children).let { System.currentTimeMillis() }
                parkUntilWallClock(t0 + 3_000)
                // The active file is swapped for a symlink in one rename; its records so far are kept by a hard link
                // (taken under rotolog's lock only so that no rotation slips between the link and the swap).
                val link = logs.resolve("app.log.new-link")
                Files.createSymbolicLink(link, target)
                ForeignLock(logs.resolve("app.log.lock")).use {
                    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
                        Files.createLink(saved.resolve("app.log.before-symlink"), file)
                    Files.move(link, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
                }
                val plantedAt = System.currentTimeMillis()
                parkUntilWallClock(plantedAt + 2_000)
                Files.delete(file)
                val removedAt = System.currentTimeMillis()
                var resumedAfter: Long? = null
                while (System.currentTimeMillis() < removedAt + 10_000) {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) > 0) {
                        resumedAfter = System.currentTimeMillis() - removedAt
                        break
                    }
                    parkUntilWallClock(System.currentTimeMillis() + 5)
                }
                val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                children.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                val logFiles = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                val symlinks = logFiles.filter { Files.isSymbolicLink(it) }
                val savedActive = saved.resolve("app.log.before-symlink")
                val files = withSavedActive(logFiles.filterNot { Files.isSymbolicLink(it) }, savedActive)
                val check = RecordChecker(options.map { it.expectation() }).check(files)
                val reports =
                    children.map { c ->
                        c.stderr().lines().filter { "symbolic link" in it.lowercase() || "symlink" in it.lowercase() }
                    }
                FaultFigures.print(
                    "symlinked-active-file",
                    "records" to check.intact,
                    "plantedFor" to ms(removedAt - plantedAt),
                    "bytesIntoTarget" to (Files.size(target) - precious.size),
                    "resumedAfter" to (resumedAfter?.let(::ms) ?: "never"),
                    "lost" to check.lost,
                    "duplicated" to check.duplicated,
                    "torn" to check.torn,
                    "outOfOrder" to check.outOfOrder,
                    "symlinkReportsOnStderr" to reports.joinToString("+") { it.size.toString() },
                    "firstReport" to "\"${reports.flatten().firstOrNull()?.take(200)}\"",
                    "archivedSymlinks" to symlinks.size,
                    "errors" to stats.sumOf { it.errors },
                )
                assertSoftly {
                    withClue("the symlink's target must be untouched") {
                        Files.readAllBytes(target).toList() shouldBe precious.toList()
                        Files.getLastModifiedTime(target) shouldBe targetModified
                    }
                    withClue("the symlink itself must not become an archive: $symlinks") { symlinks.shouldBeEmpty() }
                    withClue(
                        "stderr names the symlink (the first lines of each child's stderr):\n" +
                            children.joinToString("\n") { it.stderr().take(600) }
                    ) {
                        reports.forEach { it.size.toLong() shouldBeGreaterThan 0 }
                    }
                    measuredWithin("a non-empty regular app.log after the symlink was removed", resumedAfter, 10_000L)
                    withClue(check.details) {
                        check.isClean shouldBe true
                        check.intact shouldBe options.sumOf { it.threads.toLong() * it.recordsPerThread }
                    }
                    stats.forEach { it.written shouldBe it.accepted }
                }
                WorkDirs.delete(dir)
            } finally {
                children.forEach { it.close() }
            }
        }
    })

/**
 * [files] (archives in write order, the active file last) with [savedActive], the active file that was moved out of the
 * way, put where it was written: after the archives of earlier periods, before every file created later (which includes
 * archives named for its own period: it was never archived itself). Its period is that of its newest record; an older
 * first record may be a late one.
 */
private fun withSavedActive(files: List<Path>, savedActive: Path): List<Path> {
    if (!Files.exists(savedActive)) return files
    val newest =
        Files.readAllLines(savedActive).maxOfOrNull {
            OffsetDateTime.parse(it.substringBefore(' ')).toInstant().toEpochMilli()
        } ?: return files + listOf(savedActive)
    val period = newest / 1000 * 1000
    val naming = ArchiveNaming("app.log", PeriodUnit.SECONDS)
    val at =
        files
            .indexOfFirst { f ->
                naming.parse(f.fileName.toString())?.let {
                    it.label!!.toInstant(ZoneOffset.UTC).toEpochMilli() >= period
                } ?: true
            }
            .let { if (it < 0) files.size else it }
    return files.subList(0, at) + listOf(savedActive) + files.subList(at, files.size)
}
