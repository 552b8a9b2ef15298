package dev.rotolog.bench.jmh

import java.nio.file.Path
import org.openjdk.jmh.profile.GCProfiler
import org.openjdk.jmh.results.RunResult as JmhResult
import org.openjdk.jmh.results.format.ResultFormatType
import org.openjdk.jmh.runner.Runner
import org.openjdk.jmh.runner.options.OptionsBuilder
import org.openjdk.jmh.runner.options.TimeValue

/** One line of the JMH tables. Times in nanoseconds; [allocBytes] is per call (gc profiler), null without it. */
class JmhRow(
    val benchmark: String,
    val backend: String,
    val threads: Int,
    val mean: Double,
    val error: Double,
    val p50: Double?,
    val p99: Double?,
    val p999: Double?,
    val p9999: Double?,
    val max: Double?,
    val allocBytes: Double?,
)

/**
 * Runs the JMH benchmarks of this module through JMH's API, with the class path of this JVM for the forks.
 * - [Mode.FULL]: the iterations and forks the benchmark classes declare, with the gc profiler (bytes per call).
 * - [Mode.SMOKE]: one fork per benchmark, no warm-up, one 100 ms iteration: proves that every benchmark still compiles,
 *   starts its backend in a fork of its own and runs; its numbers mean nothing.
 */
object JmhSuite {
    enum class Mode {
        FULL,
        SMOKE,
    }

    const val ALL: String = "dev\\.rotolog\\.bench\\.jmh\\..*"

    fun run(mode: Mode, include: String = ALL, jsonResult: Path? = null): List<JmhRow> {
        // A smoke run measures nothing, so it need not wait for (or fail on) another JMH run on the machine.
        if (mode == Mode.SMOKE) System.setProperty("jmh.ignoreLock", "true")
        val options =
            OptionsBuilder()
                .include(include)
                .shouldFailOnError(true)
                .apply {
                    when (mode) {
                        Mode.FULL -> addProfiler(GCProfiler::class.java)
                        // C1 only: a smoke fork needs no optimized code, and C2 would spend the fork's short life
                        // compiling.
                        Mode.SMOKE ->
                            forks(1)
                                .warmupIterations(0)
                                .measurementIterations(1)
                                .measurementTime(TimeValue.milliseconds(100))
                                .jvmArgsAppend("-XX:TieredStopAtLevel=1")
                    }
                    if (jsonResult != null) result(jsonResult.toString()).resultFormat(ResultFormatType.JSON)
                }
                .build()
        return Runner(options).run().map(::row).sortedWith(compareBy({ it.benchmark }, { it.backend }, { it.threads }))
    }

    private fun row(result: JmhResult): JmhRow {
        val params = result.params
        val name = params.benchmark.substringAfterLast(".jmh.")
        val backend = if (params.paramsKeys.contains("backend")) params.getParam("backend") else "rotolog-kotlin"
        val primary = result.primaryResult
        val stats = primary.getStatistics()
        val sampled = params.mode == org.openjdk.jmh.annotations.Mode.SampleTime
        fun percentile(p: Double) = if (sampled) stats.getPercentile(p) else null
        return JmhRow(
            benchmark = name,
            backend = backend,
            threads = params.threads,
            mean = primary.getScore(),
            error = primary.getScoreError(),
            p50 = percentile(50.0),
            p99 = percentile(99.0),
            p999 = percentile(99.9),
            p9999 = percentile(99.99),
            max = if (sampled) stats.max else null,
            allocBytes = result.secondaryResults["gc.alloc.rate.norm"]?.getScore(),
        )
    }
}
