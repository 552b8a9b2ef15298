package dev.rotolog.bench

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.jmh.JmhRow
import dev.rotolog.bench.latency.LatencyResult
import dev.rotolog.bench.multiprocess.RunResult
import dev.rotolog.bench.multiprocess.Scenario
import java.nio.file.Files
import java.nio.file.Path
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter

/** Markdown tables of a suite run, ready for BENCHMARKS.md. */
object Report {
    fun machine(workDir: Path): String {
        val cpu =
            runCatching {
                    Files.readAllLines(Path.of("/proc/cpuinfo"))
                        .firstOrNull { it.startsWith("model name") }
                        ?.substringAfter(':')
                        ?.trim()
                }
                .getOrNull() ?: "unknown CPU"
        val memory =
            runCatching {
                    Files.readAllLines(Path.of("/proc/meminfo"))
                        .first { it.startsWith("MemTotal") }
                        .filter { it.isDigit() }
                        .toLong()
                        .let { "%.0f GiB".format(it / 1024.0 / 1024.0) }
                }
                .getOrNull() ?: "unknown"
        val store = runCatching { Files.getFileStore(Files.createDirectories(workDir)).type() }.getOrDefault("unknown")
        return """
            |- date: ${ZonedDateTime.now().format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm xxx"))}
            |- CPU: $cpu, ${Runtime.getRuntime().availableProcessors()} cores visible to the JVM; memory $memory
            |- OS: ${System.getProperty("os.name")} ${System.getProperty("os.version")}; file system of the log directory: $store
            |- JDK: ${System.getProperty("java.vm.name")} ${System.getProperty("java.runtime.version")}
            """
            .trimMargin()
    }

    fun jmh(rows: List<JmhRow>): String = buildString {
        val calls = rows.filter { it.p50 != null }
        if (calls.isNotEmpty()) {
            appendLine(
                "| benchmark | backend | threads | mean ns/call | p50 | p99 | p99.9 | p99.99 | max | bytes/call |"
            )
            appendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for (r in calls) {
                appendLine(
                    "| ${r.benchmark.substringBefore('.')} | ${r.backend} | ${r.threads} | ${ns(r.mean)} ± ${ns(r.error)} | " +
                        "${ns(r.p50)} | ${ns(r.p99)} | ${ns(r.p999)} | ${ns(r.p9999)} | ${ns(r.max)} | ${bytes(r.allocBytes)} |"
                )
            }
            appendLine()
        }
        val plain = rows.filter { it.p50 == null }
        if (plain.isNotEmpty()) {
            appendLine("| benchmark | backend | ns/call | bytes/call |")
            appendLine("|---|---|---:|---:|")
            for (r in plain) {
                appendLine(
                    "| ${r.benchmark} | ${r.backend} | ${"%.2f".format(r.mean)} ± ${"%.2f".format(r.error)} | ${bytes(r.allocBytes)} |"
                )
            }
        }
    }

    /**
     * One table per scenario: the median round of each backend by throughput, its ratio to each reference that ran in
     * the same scenario, and the worst fault counts of all rounds.
     */
    fun comparison(
        results: List<RunResult>,
        scenarios: List<Scenario>,
        references: Map<String, List<Backend>>,
    ): String = buildString {
        for (scenario in scenarios) {
            val mine = results.filter { it.scenario === scenario }
            if (mine.isEmpty()) continue
            val rounds = mine.maxOf { it.round }
            val byBackend =
                scenario.backends
                    .associateWith { b -> mine.filter { it.backend == b } }
                    .filterValues { it.isNotEmpty() }
            val median = byBackend.mapValues { (_, runs) -> runs.sortedBy { it.recordsPerSecond }[runs.size / 2] }
            val refs = references[scenario.name].orEmpty().filter { it in median }
            appendLine(
                "**${scenario.name}**: $scenario = ${"%,d".format(scenario.totalRecords)} records, median of $rounds rounds"
            )
            appendLine()
            append("| backend | rotates | records/s | MB/s | wall s | CPU µs/record | callers | writers | JIT | GC |")
            for (ref in refs) append(" vs ${ref.id} |")
            appendLine(" lost | dup | torn | out of order | files |")
            append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for (ref in refs) append("---:|")
            appendLine("---:|---:|---:|---:|---:|")
            for ((backend, run) in median) {
                val runs = byBackend.getValue(backend)
                append(
                    "| ${backend.id} | ${if (run.rotated) "yes" else "no"} | ${"%,.0f".format(run.recordsPerSecond)} | "
                )
                append("${"%.1f".format(run.megabytesPerSecond)} | ${"%.2f".format(run.wallNanos / 1e9)} | ")
                val cpuMedian = runs.sortedBy { it.cpuMicrosPerRecord }[runs.size / 2]
                append(
                    "${"%.2f".format(cpuMedian.cpuMicrosPerRecord)} | ${"%.2f".format(cpuMedian.callerCpuMicrosPerRecord)} | "
                )
                append(
                    "${"%.2f".format(cpuMedian.backgroundCpuMicrosPerRecord)} | ${"%.2f".format(cpuMedian.jitMicrosPerRecord)} | "
                )
                append("${"%.2f".format(cpuMedian.gcMicrosPerRecord)} |")
                for (ref in refs) append(
                    " ${"%.2f".format(run.recordsPerSecond / median.getValue(ref).recordsPerSecond)}x |"
                )
                append(
                    " ${runs.maxOf { it.check.lost }} | ${runs.maxOf { it.check.duplicated }} | ${runs.maxOf { it.check.torn }} |"
                )
                appendLine(" ${runs.maxOf { it.check.outOfOrder }} | ${run.check.files} |")
            }
            appendLine()
        }
        appendLine(
            "records/s, MB/s, wall: the median round by throughput (barrier release to every child closed). CPU µs/record: " +
                "the median round of the children's process CPU time (all threads, GC and JIT included) per record, which " +
                "other load on the machine disturbs far less than wall time; of it, \"callers\" is the logging threads' share and " +
                "\"writers\" the backend's own Java threads' (writers, their close included); the rest is JIT and GC. JIT and GC: " +
                "the JVM's own accounts (CompilationMXBean, GarbageCollectorMXBean) in µs per record, times rather than CPU. " +
                "lost/dup/torn/out of order: the worst round; every file the " +
                "backend left was checked line by line."
        )
    }

    fun latency(results: List<LatencyResult>): String = buildString {
        val first = results.firstOrNull() ?: return@buildString
        appendLine(
            "${first.threads} threads x ${"%,d".format(first.rate)} calls/s each, evenly paced; every call of the measured " +
                "period timed (${"%,d".format(first.percentiles["samples"])} calls per backend). Nanoseconds."
        )
        appendLine()
        appendLine("| backend | p50 | p90 | p99 | p99.9 | p99.99 | max |")
        appendLine("|---|---:|---:|---:|---:|---:|---:|")
        for (r in results) {
            val p = r.percentiles
            appendLine(
                "| ${r.backend.id} | ${ns(p["p50"]?.toDouble())} | ${ns(p["p90"]?.toDouble())} | ${ns(p["p99"]?.toDouble())} | " +
                    "${ns(p["p999"]?.toDouble())} | ${ns(p["p9999"]?.toDouble())} | ${ns(p["max"]?.toDouble())} |"
            )
        }
    }

    fun backends(backends: Collection<Backend>): String =
        backends.joinToString("\n") { "- `${it.id}`: ${it.description}" }

    private fun ns(value: Double?): String =
        when {
            value == null -> "-"
            value >= 10_000_000 -> "%.1f ms".format(value / 1e6)
            value >= 100_000 -> "%.0f µs".format(value / 1e3)
            else -> "%,.0f".format(value)
        }

    private fun bytes(value: Double?): String = value?.let { "%.0f".format(it) } ?: "-"
}
