package dev.rotolog.writer

import dev.rotolog.OverflowPolicy
import dev.rotolog.info
import dev.rotolog.kilobytes
import dev.rotolog.layout.PatternLayout
import dev.rotolog.status.StatusReporter
import dev.rotolog.testkit.LockHolderChild
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.AccessDeniedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.util.Collections
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration.Companion.seconds

/**
 * What the writer does when a system call fails or another party changes the files under it: it keeps logging, or it
 * says exactly what was lost.
 */
class FailurePathTest :
    FunSpec({
        val reports = Collections.synchronizedList(ArrayList<String>())
        var previousSink: (String) -> Unit = {}
        beforeEach {
            reports.clear()
            previousSink = StatusReporter.global.sink
            StatusReporter.global.sink = { reports += it }
        }
        afterEach { StatusReporter.global.sink = previousSink }

        fun linesOf(dir: Path): List<String> =
            Files.list(dir)
                .use { it.toList() }
                .filter { it.fileName.toString().startsWith("app") && !it.fileName.toString().contains(".lock") }
                .flatMap { Files.readAllLines(it) }

        test(
            "a refused rename keeps the writer appending to the active file, and the rotation happens once it is allowed"
        ) {
            val file = tempLogFile("rotolog-rename-refused")
            val io = RefusingRenameIo()
            val logging =
                startWith(
                    messageOnlyConfig(file) {
                        closeTimeout = 5.seconds
                        rotate { maxSize = 1.kilobytes }
                    },
                    io,
                )
            val log = logging.logger("rename")

            repeat(200) { log.info { testLine("A", it) } }
            withClue("the writer keeps writing while every rename is refused") { logging.flush().shouldBeTrue() }
            val whileRefused = logging.stats().single()
            whileRefused.written shouldBe 200
            whileRefused.rotations shouldBe 0
            whileRefused.errors shouldBeGreaterThan 0
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second } shouldBe (0 until 200).toList()
            reports.filter { "cannot rename" in it } shouldHaveSize 1 // once per interval, not once per batch

            io.refuse.set(false)
            repeat(200) { log.info { testLine("A", 200 + it) } }
            logging.flush().shouldBeTrue()
            logging.close()
            val stats = logging.stats().single()
            stats.rotations shouldBeGreaterThan 0
            stats.lost shouldBe 0
            linesOf(file.parent).mapNotNull { parseTestLine(it)?.second }.sorted() shouldBe (0 until 400).toList()
        }

        test(
            "close() returns within closeTimeout while another process holds the lock, and counts and reports every record"
        ) {
            val file = tempLogFile("rotolog-close-locked")
            val closeTimeout = 1.seconds
            LockHolderChild.start(file.resolveSibling("app.log.lock"), file.parent).use { holder ->
                val logging = startWith(messageOnlyConfig(file) { this.closeTimeout = closeTimeout })
                val log = logging.logger("locked")
                repeat(50) { log.info { testLine("L", it) } }

                val started = System.nanoTime()
                val closer = Thread { logging.close() }.apply { start() }
                closer.join(30_000)
                val tookMillis = (System.nanoTime() - started) / 1_000_000
                withClue("close() still running after 30 s") { closer.isAlive shouldBe false }
                withClue("close() took $tookMillis ms") {
                    tookMillis shouldBeLessThan closeTimeout.inWholeMilliseconds + 2_000
                }

                val stats = logging.stats().single()
                stats.accepted shouldBe 50
                stats.written shouldBe 0
                stats.lost shouldBe 50
                reports.filter { "accepted=50 written=0 dropped=0 lost=50" in it } shouldHaveSize 1
                holder.send(LockHolderChild.RELEASE)
                holder.awaitExit() shouldBe 0
            }
        }

        test(
            "a writer that hits an error no retry can mend stops intake, counts every record lost, and says so at once"
        ) {
            val file = tempLogFile("rotolog-writer-dies")
            val allQueued = java.util.concurrent.CountDownLatch(1)
            val io = LogFileIo {
                allQueued.await() // so the figure in the report is exact: all 10 records are queued or in hand
                throw NoClassDefFoundError("simulated: a class failed to load")
            }
            val logging = startWith(messageOnlyConfig(file), io)
            val log = logging.logger("dies")
            repeat(10) { log.info { testLine("D", it) } }
            allQueued.countDown()
            eventually(10.seconds) {
                logging.stats().single().lost shouldBe 10
                reports.filter { "stopped" in it && "10 records were lost" in it } shouldHaveSize 1
            }

            repeat(5) { log.info { testLine("D", 10 + it) } }
            logging.close()
            val stats = logging.stats().single()
            stats.accepted shouldBe 15
            stats.written shouldBe 0
            stats.lost shouldBe 15
            reports.filter { "accepted=15 written=0 dropped=0 lost=15" in it } shouldHaveSize 1
        }

        test("a truncate by another program between the size check and the write leaves no NUL bytes (copytruncate)") {
            val file = tempLogFile("rotolog-copytruncate")
            val io = TruncateBeforeWriteIo(file)
            val logging = startWith(messageOnlyConfig(file), io)
            val log = logging.logger("ct")
            repeat(100) { log.info { testLine("C", it) } }
            logging.flush().shouldBeTrue()

            io.armed.set(true) // the next write finds the file emptied after the writer read its size
            repeat(100) { log.info { testLine("C", 100 + it) } }
            logging.flush().shouldBeTrue()
            logging.close()

            io.truncated.get().shouldBeTrue()
            val bytes = Files.readAllBytes(file)
            withClue("NUL bytes in the file") { bytes.count { it == 0.toByte() } shouldBe 0 }
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second } shouldBe (100 until 200).toList()
        }

        test(
            "a lock file deleted while the writer holds the lock is noticed before writing; the batch goes under the new lock"
        ) {
            val file = tempLogFile("rotolog-lock-deleted")
            val lockFile = file.resolveSibling("app.log.lock")
            val io = DeleteLockFileOnOpenIo(lockFile)
            val logging = startWith(messageOnlyConfig(file), io)
            val log = logging.logger("lock")
            repeat(100) { log.info { testLine("K", it) } }
            logging.flush().shouldBeTrue()
            logging.close()

            io.deleted.get().shouldBeTrue()
            Files.exists(lockFile).shouldBeTrue()
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second } shouldBe (0 until 100).toList()
            reports.filter { "deleted or replaced while this process held the lock" in it } shouldHaveSize 1
            logging.stats().single().lost shouldBe 0
        }

        test(
            "a symlink planted at the lock file's name at runtime is never followed, and the report names the lock file"
        ) {
            val file = tempLogFile("rotolog-lock-symlink")
            val lockFile = file.resolveSibling("app.log.lock")
            val elsewhere = Files.createTempFile("rotolog-victim", ".txt")
            val logging = startWith(messageOnlyConfig(file) { closeTimeout = 1.seconds })
            val log = logging.logger("link")
            log.info { testLine("Y", 0) }
            logging.flush().shouldBeTrue()
            // The writer's lock channel is still open on the old inode: replacing the name makes it reopen by name.
            Files.delete(lockFile)
            Files.createSymbolicLink(lockFile, elsewhere)
            log.info { testLine("Y", 1) }
            eventually(10.seconds) { reports.any { "lock file $lockFile" in it }.shouldBeTrue() }
            Files.delete(lockFile) // the operator removes the link: writing goes on
            logging.flush().shouldBeTrue()
            logging.close()
            Files.size(elsewhere) shouldBe 0L
            reports.filter { "cannot write" in it }.forEach { it shouldContain "lock file $lockFile" }
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second } shouldBe listOf(0, 1)
        }

        test("a second owner that opens an open file with other settings writes with its own settings") {
            val file = tempLogFile("rotolog-reconfigure")
            val first = startWith(messageOnlyConfig(file))
            val second = startWith(messageOnlyConfig(file) { layout = PatternLayout("second %msg%n") })
            first.logger("a").info { testLine("F", 0) }
            second.logger("b").info { testLine("S", 0) }
            first.close()
            second.close()
            Files.readAllLines(file).sorted() shouldContainExactly
                listOf(testLine("F", 0), "second " + testLine("S", 0)).sorted()
        }

        test(
            "when the disk stays full until close, one final line gives the exact accepted, written, dropped and lost figures"
        ) {
            val file = tempLogFile("rotolog-full-until-close")
            val io = FaultyFileIo()
            val logging =
                startWith(
                    messageOnlyConfig(file) {
                        overflow = OverflowPolicy.DROP
                        queueCapacity = 100
                        closeTimeout = 1.seconds
                    },
                    io,
                )
            val log = logging.logger("full")
            repeat(100) { log.info { testLine("P", it) } }
            logging.flush().shouldBeTrue()
            io.full.set(true)
            repeat(1_000) { log.info { testLine("P", 100 + it) } }
            logging.close()

            val stats = logging.stats().single()
            stats.lost shouldBeGreaterThan 0
            stats.dropped shouldBeGreaterThan 0
            stats.accepted shouldBe stats.written + stats.lost
            val finals = reports.filter { it.contains("closed ") && it.contains("accepted=") }
            finals shouldContainExactly
                listOf(
                    "rotolog: closed ${file.toRealPath()}: accepted=${stats.accepted} written=${stats.written} " +
                        "dropped=${stats.dropped} lost=${stats.lost} (not written: dropped by the overflow policy, or lost)"
                )
            Files.readAllLines(file).mapNotNull { parseTestLine(it)?.second }.filter { it >= 100 }.shouldBeEmpty()
        }
    })

/** Real files, but renames are refused (as in a directory this user may not write) while [refuse] is set. */
private class RefusingRenameIo : LogFileIo {
    val refuse = AtomicBoolean(true)

    override fun open(path: Path): FileChannel = LogFileIo.withPermissions(null).open(path)

    override fun rename(from: Path, to: Path) {
        if (refuse.get())
            throw AccessDeniedException(from.toString(), to.toString(), "simulated: directory not writable")
        super.rename(from, to)
    }
}

/**
 * Real files; once [armed], the next write first empties the file through a channel of its own, as logrotate's
 * `copytruncate` does without taking rotolog's lock, right after the writer read the size.
 */
private class TruncateBeforeWriteIo(private val file: Path) : LogFileIo {
    val armed = AtomicBoolean(false)
    val truncated = AtomicBoolean(false)

    override fun open(path: Path): FileChannel =
        object : ForwardingFileChannel(LogFileIo.withPermissions(null).open(path)) {
            fun truncateIfArmed() {
                if (armed.compareAndSet(true, false)) {
                    FileChannel.open(file, StandardOpenOption.WRITE).use { it.truncate(0) }
                    truncated.set(true)
                }
            }

            override fun write(src: ByteBuffer): Int {
                truncateIfArmed()
                return delegate.write(src)
            }

            override fun write(src: ByteBuffer, position: Long): Int {
                truncateIfArmed()
                return delegate.write(src, position)
            }
        }
}

/** Real files; the first open of the log file deletes the lock file, while the writer holds the lock on it. */
private class DeleteLockFileOnOpenIo(private val lockFile: Path) : LogFileIo {
    val deleted = AtomicBoolean(false)

    override fun open(path: Path): FileChannel {
        if (deleted.compareAndSet(false, true)) {
            if (!Files.deleteIfExists(lockFile)) throw IOException("no lock file at $lockFile to delete")
        }
        return LogFileIo.withPermissions(null).open(path)
    }
}
