package dev.rotolog.testkit

import dev.rotolog.PeriodUnit
import java.nio.file.Files
import java.nio.file.Path
import kotlin.time.Duration

/**
 * The standard multi-process run: [processes] child JVMs, each logging [recordsPerThread] records from [threads]
 * threads into one shared file, released together by the [StartBarrier], each closing its owner at the end; then every
 * record is verified with the [RecordChecker]. Used by the multi-process test and the demo.
 */
class MultiProcessRun(
    val workDir: Path,
    val processes: Int = 4,
    val threads: Int = 2,
    val recordsPerThread: Int,
    val fileName: String = "shared.log",
    /** When positive, the file rotates every this many seconds, and the checker reads every archive too. */
    val rotateSeconds: Int = 0,
    /** When positive, the file also rotates before it would grow past this many bytes. */
    val maxSize: Long = 0,
    /** When positive, each thread logs at most this many records per second. */
    val recordsPerSecond: Int = 0,
    /** When true, archives are gzip-compressed by the children's archivers. */
    val compress: Boolean = false,
    /** When positive, the children keep at most this many archives. */
    val keepArchives: Int = 0,
) {
    /** Runs the children and checks the file. Throws [ChildJvmException] if a child hangs or fails. */
    fun run(timeout: Duration = ChildJvm.DEFAULT_TIMEOUT): MultiProcessReport {
        Files.createDirectories(workDir)
        val file = workDir.resolve(fileName)
        clearOldLogs(file)
        val options =
            (0 until processes).map { p ->
                LoggingChildOptions(
                    file,
                    p,
                    threads,
                    recordsPerThread,
                    ChildEnd.CLOSE,
                    rotateSeconds = rotateSeconds,
                    maxSize = maxSize,
                    recordsPerSecond = recordsPerSecond,
                    compress = compress,
                    keepArchives = keepArchives,
                )
            }
        val children = options.map { LoggingChild.start("child-p${it.process}", it, workDir) }
        try {
            val released = StartBarrier.release(children, timeout)
            val stats = children.map { ChildStats.parse(it.awaitLineStartingWith(ChildProtocol.STATS, timeout)) }
            val wallNanos = System.nanoTime() - released
            for (child in children) {
                val code = child.awaitExit(timeout)
                if (code != 0) throw ChildJvmException("child ${child.name} exited with $code:\n${child.stderr()}")
            }
            val files = LogFiles.inWriteOrder(file, if (rotateSeconds > 0) PeriodUnit.SECONDS else null)
            val check = RecordChecker(options.map { it.expectation() }).check(files)
            return MultiProcessReport(
                file,
                files,
                processes,
                threads,
                processes.toLong() * threads * recordsPerThread,
                wallNanos,
                stats,
                check,
            )
        } finally {
            children.forEach { it.close() }
        }
    }

    /** Removes the log, its archives and lock file from an earlier run, so the checker sees only this one. */
    private fun clearOldLogs(file: Path) {
        val stem = file.fileName.toString().substringBeforeLast('.')
        Files.list(file.parent)
            .use { paths -> paths.filter { it.fileName.toString().startsWith("$stem.") }.toList() }
            .forEach { Files.delete(it) }
    }
}

/** What a [MultiProcessRun] measured and what the checker found. */
class MultiProcessReport(
    val file: Path,
    /** Every file the run left, archives oldest first, the active file last. */
    val files: List<Path>,
    val processes: Int,
    val threads: Int,
    /** Records the children were asked to log. */
    val records: Long,
    /** From the barrier's release until the last child had closed its owner (all written). */
    val wallNanos: Long,
    val stats: List<ChildStats>,
    val check: CheckResult,
) {
    val recordsPerSecond: Double
        get() = records / (wallNanos / 1e9)

    val written: Long
        get() = stats.sumOf { it.written }

    val batches: Long
        get() = stats.sumOf { it.batches }

    val meanBatchSize: Double
        get() = if (batches == 0L) 0.0 else written.toDouble() / batches

    val longestLockHoldNanos: Long
        get() = stats.maxOf { it.lockHoldNanosMax }

    val longestLockWaitNanos: Long
        get() = stats.maxOf { it.lockWaitNanosMax }

    val lockHoldNanosTotal: Long
        get() = stats.sumOf { it.lockHoldNanosTotal }

    val rotations: Long
        get() = stats.sumOf { it.rotations }

    val lateRecords: Long
        get() = stats.sumOf { it.lateRecords }

    val maxLatenessMillis: Long
        get() = stats.maxOf { it.maxLatenessMillis }

    /** The worst of the children's lock-hold 99th percentiles (each to within a factor of two). */
    val lockHoldP99Nanos: Long
        get() = stats.maxOf { it.lockHoldNanosP99 }

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
        """
            .trimMargin()

    private fun ms(nanos: Long) = "%.2f ms".format(nanos / 1e6)
}
