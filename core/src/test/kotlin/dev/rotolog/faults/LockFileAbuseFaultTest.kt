package dev.rotolog.faults

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
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.assertSoftly
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.StandardOpenOption
import kotlin.random.Random

private const val CASE = "lock-file-abuse"

class LockFileAbuseFaultTest :
    FunSpec({
        test(
            "the lock file deleted (also every 20 ms for 2 s), truncated, filled with garbage and replaced while 3 JVMs write: nothing lost or torn, rotation goes on, a period rotates twice only around a deletion and never overwrites"
        ) {
            val dir = WorkDirs.fresh("fault-lock-file")
            val file = dir.resolve("app.log")
            val lock = dir.resolve("app.log.lock")
            val journal = dir.resolve("journal.txt")
            val pace = 500
            val perThread = scaled(pace * 13)
            val options =
                (0 until 3).map { p ->
                    LoggingChildOptions(
                        file,
                        p,
                        2,
                        perThread,
                        ChildEnd.CLOSE,
                        rotateSeconds = 1,
                        recordsPerSecond = pace,
                        journal = journal,
                    )
                }
            val children = options.map { LoggingChild.start("lock-abuse-p${it.process}", it, dir) }
            val rng = Random(System.nanoTime())
            var deletions = 0
            var replacements = 0
            try {
                StartBarrier.release(children)
                val t0 = System.currentTimeMillis()

                // 1-3 s: deleted every 20 ms, the way two writers end up holding "the lock" on two inodes.
                parkUntilWallClock(t0 + 1_000)
                while (System.currentTimeMillis() < t0 + 3_000) {
                    if (deleteIfThere(lock)) deletions++
                    parkUntilWallClock(System.currentTimeMillis() + 20)
                }
                // 4 s: truncated to nothing in place (the state is gone, the inode stays).
                parkUntilWallClock(t0 + 4_000)
                overwriteInPlace(lock, ByteArray(0))
                // 5 s: random garbage in place.
                parkUntilWallClock(t0 + 5_000)
                overwriteInPlace(lock, ByteArray(300).also { rng.nextBytes(it) })
                // 6 s: replaced by another file with the same content (a new inode under the name).
                parkUntilWallClock(t0 + 6_000)
                val copy = dir.resolve("app.log.lock.replacement")
                Files.copy(lock, copy, StandardCopyOption.REPLACE_EXISTING)
                Files.move(copy, lock, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
                replacements++
                // 7 s: deleted once more.
                parkUntilWallClock(t0 + 7_000)
                if (deleteIfThere(lock)) deletions++
                // 8 s: a header that names a future format version, without a valid checksum, written the way a bad
                // writer would, under the lock (unlocked, a batch in flight could overwrite it and hide the defect).
                parkUntilWallClock(t0 + 8_000)
                val futureAt = System.currentTimeMillis()
                ForeignLock(lock).use {
                    it.overwrite("rotolog-state 99\ngeneration=7\nperiodStart=0\nsplitIndex=0\ncrc=0\n".toByteArray())
                }

                val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS)) }
                val endedAt = System.currentTimeMillis()
                children.forEach { child -> withClue(child.stderr()) { child.awaitExit() shouldBe 0 } }

                val files = LogFiles.inWriteOrder(file, PeriodUnit.SECONDS)
                val check = RecordChecker(options.map { it.expectation() }).check(files)
                val rotations = readJournal(journal)
                val byPeriod = rotations.filter { it.reason == "TIME" }.groupBy { it.periodStart }
                val periodsRotatedTwice = byPeriod.count { it.value.size > 1 }
                val names = rotations.map { it.archive }
                val onDisk = files.filter { it != file }.map { it.fileName.toString() }.toSet()
                // Periods that began a second after the future-version header and ended before the run did.
                val periodsAfterFuture = byPeriod.keys.count { it >= futureAt + 1_000 }
                val expectedAfterFuture = ((endedAt - 1_000) / 1_000 - (futureAt + 1_000 + 999) / 1_000).toInt()
                val lockReports = children.sumOf { c -> c.stderr().lines().count { "lock" in it.lowercase() } }
                FaultFigures.print(
                    CASE,
                    "records" to check.intact,
                    "deletions" to deletions,
                    "replacements" to replacements,
                    "truncations" to 1,
                    "garbage" to 2,
                    "lost" to check.lost,
                    "duplicated" to check.duplicated,
                    "torn" to check.torn,
                    "outOfOrder" to check.outOfOrder,
                    "nulBytes" to check.nulBytes,
                    "rotations" to rotations.size,
                    "periodsRotated" to byPeriod.size,
                    "periodsRotatedTwice" to periodsRotatedTwice,
                    "periodsRotatedAfterFutureHeader" to "$periodsAfterFuture/$expectedAfterFuture",
                    "lockLinesOnStderr" to lockReports,
                    "errors" to stats.sumOf { it.errors },
                )

                assertSoftly {
                    withClue(check.details) {
                        check.isClean shouldBe true
                        check.intact shouldBe options.sumOf { it.threads.toLong() * it.recordsPerThread }
                    }
                    stats.forEach { it.written shouldBe it.accepted }
                    withClue("archive names chosen more than once") {
                        names.groupBy { it }.filterValues { it.size > 1 }.keys.shouldBeEmpty()
                    }
                    withClue("journaled archives missing on disk") { (names.toSet() - onDisk).shouldBeEmpty() }
                    withClue("a period rotated twice where no deletion or replacement can explain it") {
                        periodsRotatedTwice shouldBeLessThanOrEqual deletions + replacements
                    }
                    withClue(
                        "rotation stopped after a future-version header without a valid checksum (journal: ${byPeriod.keys.sorted()})"
                    ) {
                        periodsAfterFuture shouldBeGreaterThanOrEqual minOf(2, expectedAfterFuture)
                    }
                }
                WorkDirs.delete(dir)
            } finally {
                children.forEach { it.close() }
            }
        }
    })

private fun deleteIfThere(path: Path): Boolean =
    try {
        Files.delete(path)
        true
    } catch (_: NoSuchFileException) {
        false
    }

/** Replaces the content of [path] in place (same inode; created if a deletion just took it away). */
private fun overwriteInPlace(path: Path, content: ByteArray) {
    FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE).use { ch ->
        ch.truncate(0)
        val buffer = ByteBuffer.wrap(content)
        while (buffer.hasRemaining()) ch.write(buffer)
    }
}
