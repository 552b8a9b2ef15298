package dev.rotolog.bench

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.jmh.JmhRow
import dev.rotolog.bench.jmh.JmhSuite
import dev.rotolog.bench.latency.LatencyResult
import dev.rotolog.bench.latency.LatencyRun
import dev.rotolog.bench.multiprocess.Comparison
import dev.rotolog.bench.multiprocess.RunResult
import dev.rotolog.bench.multiprocess.Scenario
import java.nio.file.Files
import java.nio.file.Path
import kotlin.system.exitProcess

/**
 * The whole comparison in one run: the JMH benchmarks, the multi-process and single-process comparisons, the paced
 * caller latency, then the tables (printed and written to `<out>/results.md`).
 *
 * Arguments (`key=value`, any order; one argument may hold several separated by spaces):
 * - `out=<dir>`: where logs, JMH's JSON and the tables go (default `benchmarks/target/bench`);
 * - `jmh=full|smoke|none` (default full), `include=<regex>` to run only some JMH benchmarks;
 * - `processes=4 threads=2 records=50000`: the multi-process scenario; the single-process one runs `processes x
 *   threads` threads in one JVM, with the same records per thread. `records=0` skips both;
 * - `warmup=80000`: records per thread each child logs (and the checker verifies) before the timed run, half at full
 *   speed and half paced over 2.5 s, so that every backend's queue (65,536 records) has been full and its time-based
 *   paths (a new second, rotation) have run before the timing starts: with fewer, the JIT met those for the first time
 *   inside the one-second timed run and recompiled the logging path there. `warmup=0` measures cold JVMs;
 * - `rounds=3`: rounds of the comparisons (medians are reported);
 * - `backends=rotolog,floor` and `scenarios=multi-process`: run only these (for profiling);
 * - `keep=true`: keep the log files of each run; `jfr=true`: a JFR recording of every child JVM in `<out>/jfr`;
 * - `latency=false`: skip the paced caller-latency runs (2 threads x 10,000 calls/s, 5 s warm-up, 10 s measured, one
 *   JVM per backend).
 */
object BenchmarkSuite {
    @JvmStatic
    fun main(args: Array<String>) {
        val options =
            args
                .flatMap { it.split(' ', '\n', '\t') }
                .filter { it.isNotBlank() }
                .associate {
                    require('=' in it) { "argument '$it': use key=value" }
                    it.substringBefore('=') to it.substringAfter('=')
                }
        val known =
            setOf(
                "out",
                "jmh",
                "include",
                "processes",
                "threads",
                "records",
                "rounds",
                "keep",
                "backends",
                "scenarios",
                "jfr",
                "warmup",
                "latency",
            )
        (options.keys - known).firstOrNull()?.let {
            throw IllegalArgumentException("unknown argument '$it'; use ${known.joinToString()}")
        }
        val out = Path.of(options["out"] ?: "benchmarks/target/bench").toAbsolutePath()
        Files.createDirectories(out)

        val jmhMode = options["jmh"] ?: "full"
        val jmhRows: List<JmhRow> =
            when (jmhMode) {
                "none" -> emptyList()
                "full",
                "smoke" -> {
                    println("== JMH ($jmhMode)")
                    JmhSuite.run(
                        if (jmhMode == "full") JmhSuite.Mode.FULL else JmhSuite.Mode.SMOKE,
                        options["include"] ?: JmhSuite.ALL,
                        out.resolve("jmh.json"),
                    )
                }
                else -> throw IllegalArgumentException("jmh=$jmhMode: use full, smoke or none")
            }

        val processes = options["processes"]?.toInt() ?: 4
        val threads = options["threads"]?.toInt() ?: 2
        val records = options["records"]?.toInt() ?: 50_000
        val rounds = options["rounds"]?.toInt() ?: 3
        val warmup = options["warmup"]?.toInt() ?: 80_000
        val only = options["backends"]?.split(',')?.map { Backend.byId(it) }?.toSet()
        val scenarioNames = options["scenarios"]?.split(',')?.toSet()
        val scenarios =
            scenarios(processes, threads, records, warmup)
                .filter { scenarioNames == null || it.name in scenarioNames }
                .map { s ->
                    if (only == null) s
                    else Scenario(s.name, s.processes, s.threads, s.records, s.backends.filter { it in only }, s.warmup)
                }
        val results: List<RunResult> =
            if (records > 0) {
                println("== multi-process and single-process comparison, $rounds rounds")
                val jvmOptions =
                    if (options["jfr"] == "true") {
                        val jfr = Files.createDirectories(out.resolve("jfr"))
                        println(
                            "   (JFR: one recording per child in $jfr; summarize with jfr print --events jdk.ExecutionSample)"
                        )
                        Comparison.DEFAULT_JVM_OPTIONS +
                            listOf(
                                "-XX:+UnlockDiagnosticVMOptions",
                                "-XX:+DebugNonSafepoints",
                                "-XX:StartFlightRecording=filename=$jfr/{child}.jfr,settings=profile",
                            )
                    } else {
                        Comparison.DEFAULT_JVM_OPTIONS
                    }
                Comparison(out.resolve("runs"), jvmOptions = jvmOptions, keepFiles = options["keep"] == "true")
                    .run(scenarios, rounds)
            } else {
                emptyList()
            }

        val latency: List<LatencyResult> =
            if (options["latency"] != "false") {
                println("== paced caller latency")
                LatencyRun(out.resolve("runs"))
                    .run(LATENCY_BACKENDS, threads = 2, rate = 10_000, warmupSeconds = 5, seconds = 10)
            } else {
                emptyList()
            }

        val report = report(out, jmhRows, results, scenarios, latency)
        Files.writeString(out.resolve("results.md"), report)
        println()
        println(report)
        println("(written to ${out.resolve("results.md")})")
        exitProcess(0)
    }

    fun scenarios(processes: Int, threads: Int, records: Int, warmup: Int): List<Scenario> =
        listOf(
            Scenario(
                "multi-process",
                processes,
                threads,
                records,
                listOf(Backend.ROTOLOG, Backend.LOGBACK_PRUDENT, Backend.LOG4J2_LOCKING, Backend.FLOOR),
                warmup,
            ),
            Scenario(
                "single-process",
                1,
                processes * threads,
                records,
                listOf(Backend.ROTOLOG, Backend.LOGBACK_ASYNC, Backend.LOG4J2_ASYNC, Backend.FLOOR),
                warmup,
            ),
        )

    val REFERENCES: Map<String, List<Backend>> =
        mapOf(
            "multi-process" to listOf(Backend.LOGBACK_PRUDENT, Backend.LOG4J2_LOCKING, Backend.FLOOR),
            "single-process" to listOf(Backend.LOGBACK_ASYNC, Backend.LOG4J2_ASYNC, Backend.FLOOR),
        )

    val LATENCY_BACKENDS: List<Backend> =
        listOf(Backend.ROTOLOG, Backend.ROTOLOG_KOTLIN, Backend.LOGBACK_ASYNC, Backend.LOG4J2_ASYNC)

    fun report(
        out: Path,
        jmhRows: List<JmhRow>,
        results: List<RunResult>,
        scenarios: List<Scenario>,
        latency: List<LatencyResult> = emptyList(),
    ): String = buildString {
        appendLine("## Machine")
        appendLine()
        appendLine(Report.machine(out))
        appendLine()
        if (jmhRows.isNotEmpty()) {
            appendLine("## In-process (JMH)")
            appendLine()
            append(Report.jmh(jmhRows))
            appendLine()
        }
        if (latency.isNotEmpty()) {
            appendLine("## Caller latency at a steady rate")
            appendLine()
            append(Report.latency(latency))
            appendLine()
        }
        if (results.isNotEmpty()) {
            appendLine("## One shared file")
            appendLine()
            append(Report.comparison(results, scenarios, REFERENCES))
            appendLine()
            appendLine("Rotating backends rotate every second and, where they can, at 8 MiB.")
            appendLine()
            appendLine("Backends:")
            appendLine(Report.backends(scenarios.flatMap { it.backends }.distinct()))
        }
    }
}
