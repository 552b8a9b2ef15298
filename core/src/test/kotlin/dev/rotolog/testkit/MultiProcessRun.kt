package dev.rotolog.testkit

import java.nio.file.Files
import java.nio.file.Path
import kotlin.time.Duration

/**
 * The standard multi-process run: [processes] child JVMs, each logging [recordsPerThread] records from
 * [threads] threads into one shared file, released together by the [StartBarrier], each closing its owner at the
 * end; then every record is verified with the [RecordChecker]. Used by the multi-process test and the demo.
 */
class MultiProcessRun(
    val workDir: Path,
    val processes: Int = 4,
    val threads: Int = 2,
    val recordsPerThread: Int,
    val fileName: String = "shared.log",
) {
    /** Runs the children and checks the file. Throws [ChildJvmException] if a child hangs or fails. */
    fun run(timeout: Duration = ChildJvm.DEFAULT_TIMEOUT): MultiProcessReport {
        Files.createDirectories(workDir)
        val file = workDir.resolve(fileName)
        Files.deleteIfExists(file)
        val options =
            (0 until processes).map { p -> LoggingChildOptions(file, p, threads, recordsPerThread, ChildEnd.CLOSE) }
        val children = options.map { LoggingChild.start("child-p${it.process}", it, workDir) }
        try {
            val released = StartBarrier.release(children, timeout)
            val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS, timeout)) }
            val wallNanos = System.nanoTime() - released
            for (child in children) {
                val code = child.awaitExit(timeout)
                if (code != 0) throw ChildJvmException("child ${child.name} exited with $code:\n${child.stderr()}")
            }
            val check = RecordChecker(options.map { it.expectation() }).check(listOf(file))
            return MultiProcessReport(file, processes, threads, processes.toLong() * threads * recordsPerThread, wallNanos, stats, check)
        } finally {
            children.forEach { it.close() }
        }
    }
}

/** What a [MultiProcessRun] measured and what the checker found. */
class MultiProcessReport(
    val file: Path,
    val processes: Int,
    val threads: Int,
    /** Records the children were asked to log. */
    val records: Long,
    /** From the barrier's release until the last child had closed its owner (all written). */
    val wallNanos: Long,
    val stats: List<ChildStats>,
    val check: CheckResult,
) {
    val recordsPerSecond: Double get() = records / (wallNanos / 1e9)
    val written: Long get() = stats.sumOf { it.written }
    val batches: Long get() = stats.sumOf { it.batches }
    val meanBatchSize: Double get() = if (batches == 0L) 0.0 else written.toDouble() / batches
    val longestLockHoldNanos: Long get() = stats.maxOf { it.lockHoldNanosMax }
    val longestLockWaitNanos: Long get() = stats.maxOf { it.lockWaitNanosMax }
    val lockHoldNanosTotal: Long get() = stats.sumOf { it.lockHoldNanosTotal }

    /** The worst of the children's lock-hold 99th percentiles (each to within a factor of two). */
    val lockHoldP99Nanos: Long get() = stats.maxOf { it.lockHoldNanosP99 }

    /** The figures for a build log or the demo's output, one per line. */
    fun figures(): String =
        """
        |processes        $processes x $threads threads, one file (${file.fileName})
        |records          $records logged, $written written by the children, ${check.intact} verified whole
        |wall time        ${"%.2f".format(wallNanos / 1e9)} s (barrier release to the last close)
        |throughput       ${"%,.0f".format(recordsPerSecond)} records/s, ${"%.1f".format(check.bytes / 1e6 / (wallNanos / 1e9))} MB/s
        |batches          $batches, mean ${"%.1f".format(meanBatchSize)} records per lock acquisition
        |lock hold        longest ${ms(longestLockHoldNanos)}, p99 <= ${ms(lockHoldP99Nanos)} (worst process)
        |lock wait        longest ${ms(longestLockWaitNanos)}
        |lock busy        ${"%.0f".format(100.0 * lockHoldNanosTotal / wallNanos)} % of the wall time (all holds added up)
        |checker          ${check.summary}
        """.trimMargin()

    private fun ms(nanos: Long) = "%.2f ms".format(nanos / 1e6)
}
