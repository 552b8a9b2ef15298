package dev.rotolog.multiprocess

import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlin.time.Duration.Companion.seconds

/**
 * Records still queued when a JVM ends without closing rotolog are written by its shutdown hook.
 *
 * To be sure they are still queued then, the parent holds the log's cross-process lock (the `app.log.lock` sidecar)
 * from before the child starts, so the child's writer cannot write one batch; it lets go only once the child's
 * `rotolog-shutdown` thread runs (seen in `/proc/<pid>/task/<tid>/comm`), that is, once main has returned or
 * `System.exit` was called. Every record written after that was written by the hook's drain.
 */
class ShutdownDrainTest :
    FunSpec({
        /** Whether the JVM [pid] runs a thread named `rotolog-shutdown` (the kernel keeps the first 15 characters). */
        fun shutdownHookRuns(pid: Long): Boolean =
            runCatching {
                    Files.list(Path.of("/proc/$pid/task")).use { tasks ->
                        tasks.toList().any { task ->
                            runCatching { Files.readString(task.resolve("comm")).trim() }.getOrNull() ==
                                "rotolog-shutdow"
                        }
                    }
                }
                .getOrDefault(false)

        val ends = mapOf(ChildEnd.RETURN to "returns from main", ChildEnd.EXIT to "calls System.exit")
        for ((end, how) in ends) {
            test("a JVM that logs and $how without closing rotolog has every record written by the shutdown hook")
                .config(enabled = Files.isDirectory(Path.of("/proc/self/task"))) {
                    val dir = WorkDirs.fresh("shutdown-${end.name.lowercase()}")
                    val file = dir.resolve("app.log")
                    // Not scaled: every record must fit in the queue (65,536) while the writer is kept from writing.
                    val options = LoggingChildOptions(file, 0, threads = 2, recordsPerThread = 10_000, end = end)
                    LoggingChild.start("child-${end.name.lowercase()}", options, dir).use { child ->
                        FileChannel.open(
                                dir.resolve("app.log.lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.READ,
                                StandardOpenOption.WRITE,
                            )
                            .use { lockChannel ->
                                lockChannel.lock().use {
                                    StartBarrier.release(listOf(child))
                                    val done = child.awaitLineStartingWith(ChildProtocol.DONE)
                                    // Everything is queued, nothing written: the writer waits for the lock we hold.
                                    ChildProtocol.fields(done)["written"] shouldBe "0"
                                    // (A child that is gone already had a hook that did not wait for the lock: the
                                    // check below tells.)
                                    eventually(30.seconds) {
                                        withClue("the child's shutdown hook has not started") {
                                            (shutdownHookRuns(child.pid) || !child.isAlive) shouldBe true
                                        }
                                    }
                                }
                            }
                        withClue(child.stderr()) { child.awaitExit() shouldBe 0 }
                        withClue("not one record was written") { Files.exists(file) shouldBe true }
                        val check = RecordChecker(listOf(options.expectation())).check(listOf(file))
                        withClue(check.details) {
                            check.isClean shouldBe true
                            check.intact shouldBe 2L * options.recordsPerThread
                        }
                    }
                    WorkDirs.delete(dir)
                }
        }
    })
