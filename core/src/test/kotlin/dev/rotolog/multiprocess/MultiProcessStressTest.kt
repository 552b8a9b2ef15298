package dev.rotolog.multiprocess

import dev.rotolog.testkit.MultiProcessRun
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe

class MultiProcessStressTest :
    FunSpec({
        test("four JVMs logging from two threads each into one file lose, double, tear and reorder no record") {
            val processes = 4
            val threads = 2
            val perThread = scaled(25_000)
            val dir = WorkDirs.fresh("stress")

            val report = MultiProcessRun(dir, processes, threads, perThread).run()

            println("multi-process stress test (scale $stressScale):\n" + report.figures().prependIndent("  "))
            val check = report.check
            withClue(check.details) {
                listOf(check.lost, check.duplicated, check.torn, check.outOfOrder, check.unexpected) shouldBe
                    listOf(0L, 0L, 0L, 0L, 0L)
                check.intact shouldBe report.records
            }
            for (stats in report.stats) {
                withClue(stats.toLine()) {
                    stats.written shouldBe threads.toLong() * perThread
                    stats.dropped shouldBe 0
                    stats.lost shouldBe 0
                }
            }
            if (stressScale >= 1.0) report.records shouldBeGreaterThanOrEqual 200_000
            WorkDirs.delete(dir)
        }
    })
