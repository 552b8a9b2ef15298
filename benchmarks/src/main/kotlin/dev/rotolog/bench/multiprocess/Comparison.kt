package dev.rotolog.bench.multiprocess

import dev.rotolog.bench.backend.Backend
import dev.rotolog.testkit.CheckResult
import dev.rotolog.testkit.ChildJvm
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.ProcessExpectation
import dev.rotolog.testkit.RecordChecker
import dev.rotolog.testkit.StartBarrier
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.deleteIfExists
import kotlin.io.path.isRegularFile
import kotlin.io.path.name
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/**
 * One shape of run: [processes] JVMs x [threads] threads x [records] records per thread into one file, after [warmup]
 * records per thread that are written and checked but not timed.
 */
class Scenario(
    val name: String,
    val processes: Int,
    val threads: Int,
    val records: Int,
    val backends: List<Backend>,
    val warmup: Int = 0,
) {
    val totalRecords: Long
        get() = processes.toLong() * threads * records

    override fun toString(): String =
        "$processes JVM x $threads threads x $records records" +
            if (warmup > 0) " (after $warmup warm-up records per thread)" else ""
}

/** What one run of one backend measured, and what the checker found in every file it left. */
class RunResult(
    val backend: Backend,
    val scenario: Scenario,
    val round: Int,
    /** From the barrier's release until every child had closed its backend (everything written). */
    val wallNanos: Long,
    val check: CheckResult,
    /** The children's counters added up (rotolog's batches, lock times; empty for peers). */
    val counters: Map<String, Long>,
    val rotated: Boolean,
) {
    val recordsPerSecond: Double
        get() = scenario.totalRecords / (wallNanos / 1e9)

    /**
     * The timed records' bytes per second: records/s times the average line length of every line checked (the files
     * also hold the warm-up records, whose payloads come from the same generator).
     */
    val megabytesPerSecond: Double
        get() = if (check.lines == 0L) 0.0 else recordsPerSecond * check.bytes / check.lines / 1e6

    /**
     * CPU time of all the children (every thread: callers, writer, GC, JIT) from the start to the close, per record:
     * what the work costs, whatever else the machine was doing.
     */
    val cpuMicrosPerRecord: Double
        get() = (counters["cpuNanos"] ?: 0L) / 1e3 / scenario.totalRecords

    /** The part of [cpuMicrosPerRecord] spent on the logging threads themselves (log calls, waiting for room). */
    val callerCpuMicrosPerRecord: Double
        get() = (counters["callerCpuNanos"] ?: 0L) / 1e3 / scenario.totalRecords

    /** The part spent on the backend's own Java threads (writers), their close included. */
    val backgroundCpuMicrosPerRecord: Double
        get() = (counters["backgroundCpuNanos"] ?: 0L) / 1e3 / scenario.totalRecords

    /** Time the JIT compilers spent (the JVM's compilation time, summed over its compiler threads) per record. */
    val jitMicrosPerRecord: Double
        get() = (counters["jitNanos"] ?: 0L) / 1e3 / scenario.totalRecords

    /** Time spent in garbage collections per record (serial collector: pauses of the whole process). */
    val gcMicrosPerRecord: Double
        get() = (counters["gcNanos"] ?: 0L) / 1e3 / scenario.totalRecords
}

/**
 * Runs scenarios for the comparison: each backend's children on their own class path, lined up on a start barrier,
 * timed until all of them have closed, then every file in the log directory checked with the [RecordChecker]. Rounds go
 * round-robin over the backends so that noise from a shared machine spreads over all of them.
 */
class Comparison(
    private val workDir: Path,
    private val classPaths: ClassPaths = ClassPaths.locate(),
    /** Options of every child JVM; `{child}` is replaced by a name unique to the child (for JFR file names). */
    private val jvmOptions: List<String> = DEFAULT_JVM_OPTIONS,
    /** Keep the log files of each run (they are deleted after checking otherwise). */
    private val keepFiles: Boolean = false,
    private val timeout: Duration = 10.minutes,
    private val progress: (String) -> Unit = { println(it) },
) {
    fun run(scenarios: List<Scenario>, rounds: Int): List<RunResult> {
        val results = ArrayList<RunResult>()
        for (round in 1..rounds) {
            for (scenario in scenarios) {
                for (backend in scenario.backends) {
                    val result = runOne(backend, scenario, round)
                    progress(
                        "  round $round  %-8s %-16s %,12.0f records/s  %6.2f s  %5.2f µs CPU/record (callers %5.2f, writers %5.2f)  %s"
                            .format(
                                scenario.name,
                                backend.id,
                                result.recordsPerSecond,
                                result.wallNanos / 1e9,
                                result.cpuMicrosPerRecord,
                                result.callerCpuMicrosPerRecord,
                                result.backgroundCpuMicrosPerRecord,
                                result.check.summary,
                            )
                    )
                    if (result.counters.containsKey("batches")) {
                        val c = result.counters
                        progress(
                            "    %,d batches (%.0f records each), lock held %.2f s, waited %.2f s (all processes)"
                                .format(
                                    c["batches"],
                                    c.getValue("written").toDouble() / c.getValue("batches"),
                                    c.getValue("lockHoldNanosTotal") / 1e9,
                                    c.getValue("lockWaitNanosTotal") / 1e9,
                                )
                        )
                    }
                    if (!result.check.isClean) progress("    " + result.check.problems.take(3).joinToString("\n    "))
                    results += result
                }
            }
        }
        return results
    }

    fun runOne(backend: Backend, scenario: Scenario, round: Int): RunResult {
        val name = "${scenario.name}-${backend.id}-r$round"
        val logDir = workDir.resolve(name)
        val childDir = workDir.resolve("$name-children")
        deleteTree(logDir)
        deleteTree(childDir)
        Files.createDirectories(logDir)
        val rotation = if (backend == Backend.FLOOR || backend == Backend.LOG4J2_LOCKING) "none" else "second"
        val classPath = classPaths.of(backend)
        val children =
            (0 until scenario.processes).map { p ->
                ChildJvm.start(
                    name = "${backend.id}-p$p",
                    mainClass = BenchChild::class.java.name,
                    args =
                        listOf(
                            "backend=${backend.id}",
                            "dir=$logDir",
                            "process=$p",
                            "threads=${scenario.threads}",
                            "records=${scenario.records}",
                            "warmup=${scenario.warmup}",
                            "rotation=$rotation",
                        ),
                    logDir = childDir,
                    jvmOptions = jvmOptions.map { it.replace("{child}", "$name-p$p") },
                    classPath = classPath,
                )
            }
        try {
            val released = StartBarrier.release(children, timeout)
            val done = children.map { it.awaitLineStartingWith(ChildProtocol.DONE, timeout) }
            val wall = System.nanoTime() - released
            for (child in children) {
                val code = child.awaitExit(timeout)
                check(code == 0) { "child ${child.name} exited with $code:\n${child.stderr()}" }
            }
            val counters = HashMap<String, Long>()
            for (line in done) {
                for ((k, v) in ChildProtocol.fields(line)) v.toLongOrNull()?.let { counters.merge(k, it, Long::plus) }
            }
            val files = logFiles(logDir)
            val expectations =
                (0 until scenario.processes).flatMap { p ->
                    listOfNotNull(
                        ProcessExpectation(p, scenario.threads, scenario.records),
                        if (scenario.warmup > 0)
                            ProcessExpectation(BenchChild.warmupProcess(p), scenario.threads, scenario.warmup)
                        else null,
                    )
                }
            val check = RecordChecker(expectations).check(files)
            if (!keepFiles) files.forEach { it.deleteIfExists() }
            return RunResult(backend, scenario, round, wall, check, counters, rotated = rotation != "none")
        } finally {
            children.forEach { it.close() }
        }
    }

    companion object {
        /** The same for every child: a heap that holds the pre-built messages, one GC thread per JVM. */
        val DEFAULT_JVM_OPTIONS: List<String> = listOf("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC")

        /**
         * Every log file a backend left in [dir] (the active file and all archives; not the lock file, not the
         * generated configuration), oldest first: archives `app.<period>[.<index>].log` by period, then index (no index
         * counts as 0), the active `app.log` last. The order only matters for the out-of-order count.
         */
        fun logFiles(dir: Path): List<Path> {
            val files =
                Files.list(dir).use { stream ->
                    stream
                        .filter { it.isRegularFile() && it.name.startsWith("app.") && it.name.endsWith(".log") }
                        .toList()
                }
            return files.sortedWith(
                compareBy<Path> { it.name == "app.log" }
                    .thenBy { ARCHIVE.matchEntire(it.name)?.groupValues?.get(1) ?: it.name }
                    .thenBy { ARCHIVE.matchEntire(it.name)?.groupValues?.get(2)?.toIntOrNull() ?: 0 }
            )
        }

        private val ARCHIVE = Regex("""app\.(.+?)(?:\.(\d+))?\.log""")

        fun deleteTree(dir: Path) {
            if (!Files.exists(dir)) return
            Files.walk(dir).use { paths ->
                paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
            }
        }
    }
}
