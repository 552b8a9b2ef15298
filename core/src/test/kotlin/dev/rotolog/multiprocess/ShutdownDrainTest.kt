package dev.rotolog.multiprocess

import dev.rotolog.testkit.ChildEnd
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.LoggingChild
import dev.rotolog.testkit.LoggingChildOptions
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class ShutdownDrainTest : FunSpec({
    val ends = mapOf(ChildEnd.RETURN to "returns from main", ChildEnd.EXIT to "calls System.exit")
    for ((end, how) in ends) {
        test("a JVM that logs and $how without closing rotolog has every record written by the shutdown hook") {
            val dir = WorkDirs.fresh("shutdown-${end.name.lowercase()}")
            val file = dir.resolve("app.log")
            val options = LoggingChildOptions(file, 0, threads = 2, recordsPerThread = scaled(10_000), end = end)
            LoggingChild.start("child-${end.name.lowercase()}", options, dir).use { child ->
                StartBarrier.release(listOf(child))
                child.awaitLineStartingWith(ChildProtocol.DONE)
                withClue(child.stderr()) { child.awaitExit() shouldBe 0 }
                // The child reports how much was written when main ended; the rest was left to the hook.
                val writtenAtEnd = ChildProtocol.fields(child.output.single { it.startsWith(ChildProtocol.DONE) })["written"]
                val check = RecordChecker(listOf(options.expectation())).check(listOf(file))
                println("shutdown-hook test ($how): written when main ended: $writtenAtEnd of ${2 * options.recordsPerThread}; ${check.summary}")
                withClue(check.details) {
                    check.isClean shouldBe true
                    check.intact shouldBe 2L * options.recordsPerThread
                }
            }
            WorkDirs.delete(dir)
        }
    }
})
