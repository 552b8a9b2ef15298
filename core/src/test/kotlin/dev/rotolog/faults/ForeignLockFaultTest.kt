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
import io.kotest.assertions.assertSoftly
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The close timeout the children are given. */
private const val CLOSE_TIMEOUT_MILLIS = 2_000L

/**
 * What `close()` (or the exit) may take beyond the close timeout: the JVM's own scheduling on a loaded 2-core machine,
 * not a second timeout.
 */
private const val GRACE_MILLIS = 1_000L

class ForeignLockFaultTest :
    FunSpec({
        test(
            "another process holds the lock during close(): close returns within closeTimeout + 1 s, and stats and stderr say exactly how many records were lost"
        ) {
            val dir = WorkDirs.fresh("fault-foreign-lock-close")
            val file = dir.resolve("app.log")
            val perThread = scaled(2_000)
            val options =
                LoggingChildOptions(
                    file,
                    0,
                    2,
                    perThread,
                    ChildEnd.CLOSE,
                    rotateSeconds = 1,
                    closeTimeoutMillis = CLOSE_TIMEOUT_MILLIS,
                )
            LoggingChild.start("foreign-lock-p0", options, dir).use { child ->
                child.awaitLine { it == ChildProtocol.READY }
                val closeMillis: Long?
                val stats: ChildStats?
                val exit: Int?
                // Held until the child has exited, so nothing it counted lost can be written after all.
                ForeignLock(dir.resolve("app.log.lock")).use {
                    child.send(ChildProtocol.GO)
                    // The child logs everything (its writer is stuck in lock()), then closes: that must end in time.
                    val closed = runCatching {
                        child.awaitLineStartingWith(ChildProtocol.CLOSED, (CLOSE_TIMEOUT_MILLIS + 10_000).milliseconds)
                    }
                    closeMillis = closed.getOrNull()?.let { ChildProtocol.fields(it).getValue("millis").toLong() }
                    stats =
                        closed.getOrNull()?.let {
                            ChildStats.parse(child.awaitLineStartingWith(ChildProtocol.STATS, 10.seconds))
                        }
                    exit = if (closed.isSuccess) runCatching { child.awaitExit(10.seconds) }.getOrNull() else null
                }
                val final = FinalFigures.lastIn(child.stderr())
                val check =
                    RecordChecker(listOf(options.expectation())).check(LogFiles.inWriteOrder(file, PeriodUnit.SECONDS))
                FaultFigures.print(
                    "foreign-lock-close",
                    "records" to options.threads.toLong() * perThread,
                    "closeTimeout" to ms(CLOSE_TIMEOUT_MILLIS),
                    "closeTook" to
                        (closeMillis?.let(::ms) ?: "did not return within ${CLOSE_TIMEOUT_MILLIS + 10_000}ms"),
                    "accepted" to stats?.accepted,
                    "written" to stats?.written,
                    "lost" to stats?.lost,
                    "missingInFile" to check.lost,
                    "torn" to check.torn,
                    "stderrFinal" to
                        (final?.let { "a=${it.accepted} w=${it.written} d=${it.dropped} l=${it.lost}" } ?: "none"),
                    "exit" to exit,
                )
                assertSoftly {
                    withClue(child.stderr()) {
                        measuredWithin(
                            "close() with closeTimeout $CLOSE_TIMEOUT_MILLIS ms",
                            closeMillis,
                            CLOSE_TIMEOUT_MILLIS + GRACE_MILLIS,
                        )
                    }
                    if (stats != null) {
                        withClue(stats.toString()) {
                            stats.accepted shouldBe options.threads.toLong() * perThread
                            stats.accepted shouldBe stats.written + stats.lost
                            stats.lost shouldBeGreaterThan 0 // the lock was held all along: this case does lose records
                            check.lost shouldBe stats.lost
                        }
                        withClue("stderr's final line with accepted/written/dropped/lost:\n${child.stderr()}") {
                            final?.let { listOf(it.accepted, it.written, it.dropped, it.lost) } shouldBe
                                listOf(stats.accepted, stats.written, stats.dropped, stats.lost)
                        }
                    }
                    withClue(check.details) { check.torn shouldBe 0 }
                    exit shouldBe 0
                }
            }
            WorkDirs.delete(dir)
        }

        test(
            "another process holds the lock at exit: the shutdown hook ends the JVM within closeTimeout + 1 s and reports every record it could not write"
        ) {
            val dir = WorkDirs.fresh("fault-foreign-lock-exit")
            val file = dir.resolve("app.log")
            val perThread = scaled(2_000)
            val options =
                LoggingChildOptions(
                    file,
                    0,
                    2,
                    perThread,
                    ChildEnd.EXIT,
                    rotateSeconds = 1,
                    closeTimeoutMillis = CLOSE_TIMEOUT_MILLIS,
                )
            LoggingChild.start("foreign-lock-exit-p0", options, dir).use { child ->
                child.awaitLine { it == ChildProtocol.READY }
                var exitMillis: Long? = null
                var exit: Int? = null
                ForeignLock(dir.resolve("app.log.lock")).use {
                    child.send(ChildProtocol.GO)
                    child.awaitLineStartingWith(ChildProtocol.DONE)
                    val exiting = System.nanoTime()
                    // The child calls System.exit(0) right after DONE; its shutdown hook must not wait for the lock.
                    exit = runCatching { child.awaitExit((CLOSE_TIMEOUT_MILLIS + 10_000).milliseconds) }.getOrNull()
                    if (exit != null) exitMillis = (System.nanoTime() - exiting) / 1_000_000
                }
                val final = FinalFigures.lastIn(child.stderr())
                val check =
                    RecordChecker(listOf(options.expectation())).check(LogFiles.inWriteOrder(file, PeriodUnit.SECONDS))
                FaultFigures.print(
                    "foreign-lock-exit",
                    "records" to options.threads.toLong() * perThread,
                    "closeTimeout" to ms(CLOSE_TIMEOUT_MILLIS),
                    "exitTook" to (exitMillis?.let(::ms) ?: "did not exit within ${CLOSE_TIMEOUT_MILLIS + 10_000}ms"),
                    "missingInFile" to check.lost,
                    "stderrFinal" to
                        (final?.let { "a=${it.accepted} w=${it.written} d=${it.dropped} l=${it.lost}" } ?: "none"),
                    "exit" to exit,
                )
                assertSoftly {
                    withClue(child.stderr()) {
                        measuredWithin(
                            "exit after DONE with closeTimeout $CLOSE_TIMEOUT_MILLIS ms",
                            exitMillis,
                            CLOSE_TIMEOUT_MILLIS + GRACE_MILLIS,
                        )
                    }
                    withClue("stderr's final line with accepted/written/dropped/lost:\n${child.stderr()}") {
                        final?.let { listOf(it.accepted, it.accepted == it.written + it.lost, it.lost) } shouldBe
                            listOf(options.threads.toLong() * perThread, true, check.lost)
                    }
                    withClue(check.details) { check.torn shouldBe 0 }
                }
            }
            WorkDirs.delete(dir)
        }
    })
