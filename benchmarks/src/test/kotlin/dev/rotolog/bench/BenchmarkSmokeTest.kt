package dev.rotolog.bench

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.jmh.JmhSuite
import dev.rotolog.bench.multiprocess.Comparison
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/**
 * Keeps the benchmarks from rotting: every JMH benchmark runs one 100 ms iteration in a fork of its own, and the
 * comparison runs every backend at a tiny scale through the record checker. Nothing here asserts a speed; the numbers
 * of a smoke run mean nothing.
 */
class BenchmarkSmokeTest :
    FunSpec({
        val work: Path = Path.of("target/bench-smoke").toAbsolutePath().also { Comparison.deleteTree(it) }

        test("every JMH benchmark runs one short iteration on the backend it names") {
            val rows = JmhSuite.run(JmhSuite.Mode.SMOKE, jsonResult = Files.createDirectories(work).resolve("jmh.json"))
            rows.map { "${it.benchmark} ${it.backend} ${it.threads}" } shouldContainExactlyInAnyOrder
                listOf(
                    "DisabledLevel.debugDisabled rotolog 1",
                    "DisabledLevel.debugDisabled logback-async 1",
                    "DisabledLevel.debugDisabled log4j2-async 1",
                    "RotologDisabledLevel.debugDisabled rotolog-kotlin 1",
                    "RotologDisabledLevel.baseline rotolog-kotlin 1",
                ) +
                    listOf(1, 2, 8).flatMap { t ->
                        listOf(
                            "Slf4jLogCall.threads$t rotolog $t",
                            "Slf4jLogCall.threads$t logback-async $t",
                            "Slf4jLogCall.threads$t log4j2-async $t",
                            "RotologLogCall.threads$t rotolog-kotlin $t",
                        )
                    }
            for (row in rows) withClue(row.benchmark) { (row.mean > 0) shouldBe true }
            Report.jmh(rows) shouldContain "| Slf4jLogCall | log4j2-async | 8 |"
        }

        test("the comparison runs every backend in its own child JVMs and checks every record it wrote") {
            val scenarios = BenchmarkSuite.scenarios(processes = 2, threads = 1, records = 300, warmup = 20)
            val results = Comparison(work.resolve("runs")).run(scenarios, rounds = 1)
            results.map { it.backend }.toSet() shouldBe Backend.entries.toSet() - Backend.ROTOLOG_KOTLIN
            for (result in results) {
                withClue("${result.scenario.name} ${result.backend.id}: ${result.check.details}") {
                    // The peers may lose, tear or double records (that is what the comparison shows); ours may not.
                    if (result.backend == Backend.ROTOLOG || result.backend == Backend.FLOOR) {
                        result.check.isClean shouldBe true
                        result.check.intact shouldBe result.scenario.totalRecords + 2 * 1 * 20
                    }
                    (result.check.lines > 0) shouldBe true
                }
            }
            val tables = Report.comparison(results, scenarios, BenchmarkSuite.REFERENCES)
            tables shouldContain "| rotolog |"
            tables shouldContain "vs log4j2-locking"
        }
    })
