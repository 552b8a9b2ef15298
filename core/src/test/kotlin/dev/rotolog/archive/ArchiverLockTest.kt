package dev.rotolog.archive

import dev.rotolog.lock.LockFile
import dev.rotolog.lock.LockFiles
import dev.rotolog.lock.fileKeyAt
import dev.rotolog.status.StatusReporter
import dev.rotolog.testkit.ChildJvm
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException
import java.nio.file.AccessDeniedException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import kotlin.concurrent.thread

/** Holds the archiver lock of the log named by its argument until it is killed. */
object ArchiverLockHolder {
    @JvmStatic
    fun main(args: Array<String>) {
        val lock = LockFiles.acquire(Archiver.lockPath(Path.of(args[0])), null, StatusReporter.global)
        lock.tryWithLock {
            println("HOLDING")
            System.out.flush()
            CountDownLatch(1).await()
        }
            ?: run {
                println("BUSY")
                System.out.flush()
            }
    }
}

class ArchiverLockTest :
    FunSpec({
        test("one archiver at a time across processes; a holder that dies with SIGKILL leaves the lock free") {
            val dir = tempdir().toPath()
            val log = dir.resolve("app.log")
            val lock = LockFiles.acquire(Archiver.lockPath(log), null, StatusReporter.global)
            try {
                ChildJvm.start("lock-holder", ArchiverLockHolder::class.java.name, listOf(log.toString()), dir).use {
                    child ->
                    child.awaitLine { it == "HOLDING" }
                    lock.tryWithLock { "ran" } shouldBe null
                    child.kill() shouldBe 137
                }
                lock.tryWithLock { "ran" } shouldBe "ran"
                Files.exists(dir.resolve("app.log.archiver.lock")) shouldBe true
            } finally {
                LockFiles.release(lock)
            }
        }

        test(
            "a stat that fails after the OS lock was taken (not NoSuchFile) drops the lock and is thrown; the next try runs"
        ) {
            val dir = tempdir().toPath()
            val log = dir.resolve("app.log")
            var calls = 0
            // Call 1 is at open, call 2 right after tryLock: that one fails, as stat can with EACCES or ELOOP.
            val lock =
                LockFile(dir.resolve("app.log.archiver.lock"), null, StatusReporter(sink = {})) { path ->
                    if (++calls == 2) throw AccessDeniedException(path.toString()) else fileKeyAt(path)
                }
            // Thrown named after the lock file, with the stat's failure as its cause.
            shouldThrow<IOException> { lock.tryWithLock { "ran" } }.cause.shouldBeInstanceOf<AccessDeniedException>()

            // Another process can take the lock now: the failed attempt left it held by no one.
            ChildJvm.start("lock-holder", ArchiverLockHolder::class.java.name, listOf(log.toString()), dir).use { child
                ->
                child.awaitLine { it == "HOLDING" || it == "BUSY" } shouldBe "HOLDING"
                lock.tryWithLock { "ran" } shouldBe null
                child.kill() shouldBe 137
            }
            // And this instance works again (its channel was closed, not left holding a lock it cannot take twice).
            lock.tryWithLock { "ran" } shouldBe "ran"
            lock.close()
        }

        test("within one JVM, a second user of the same log's lock is turned away while the first holds it") {
            val log = tempdir().toPath().resolve("app.log")
            val first = LockFiles.acquire(Archiver.lockPath(log), null, StatusReporter.global)
            val second = LockFiles.acquire(Archiver.lockPath(log), null, StatusReporter.global)
            val holding = CountDownLatch(1)
            val release = CountDownLatch(1)
            val holder = thread {
                first.tryWithLock {
                    holding.countDown()
                    release.await()
                }
            }
            holding.await()
            second.tryWithLock { "ran" } shouldBe null
            release.countDown()
            holder.join()
            second.tryWithLock { "ran" } shouldBe "ran"
            LockFiles.release(first)
            LockFiles.release(second)
        }
    })
