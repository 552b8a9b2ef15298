package dev.rotolog.samples

import dev.rotolog.testkit.ChildJvmException
import dev.rotolog.testkit.MultiProcessReport
import dev.rotolog.testkit.MultiProcessRun
import java.nio.file.Files
import java.nio.file.Paths
import kotlin.system.exitProcess

/**
 * rotolog's multi-process demo: four JVMs, each logging from two threads, write one shared file at the same time,
 * rotating it every second and whenever it would pass 4 MiB; then every line of every file is verified. Run it with
 * `./mvnw -q -Pdemo -DskipTests verify`.
 *
 * Arguments: the work directory (default `target/demo`) and optionally the records per thread (default 10,000, paced at
 * 2,000 per second per thread, so the run spans about five rotation periods). The exit code is 0 only when every record
 * is in the file exactly once, whole and in order per thread.
 */
object MultiProcessDemo {
    private const val PROCESSES = 4
    private const val THREADS = 2
    private const val MAX_SIZE = 4 * 1024 * 1024L
    private const val PER_SECOND = 2_000

    @JvmStatic
    fun main(args: Array<String>) {
        val workDir = Paths.get(args.getOrElse(0) { "target/demo" }).toAbsolutePath()
        val perThread = args.getOrNull(1)?.toIntOrNull() ?: 10_000
        println(
            "rotolog multi-process demo: $PROCESSES JVMs x $THREADS threads, $perThread records per thread, " +
                "one shared file rotating every second and at ${MAX_SIZE / 1024} KiB"
        )
        println("  writing to ${workDir.resolve("demo.log")} ...")
        val report =
            try {
                MultiProcessRun(
                        workDir,
                        PROCESSES,
                        THREADS,
                        perThread,
                        fileName = "demo.log",
                        rotateSeconds = 1,
                        maxSize = MAX_SIZE,
                        recordsPerSecond = PER_SECOND,
                    )
                    .run()
            } catch (failure: ChildJvmException) {
                System.err.println("demo failed: a child JVM did not finish: ${failure.message}")
                exitProcess(2)
            }
        print(summary(report))
        exitProcess(if (passed(report)) 0 else 1)
    }

    private fun passed(report: MultiProcessReport): Boolean =
        report.check.isClean &&
            report.check.intact == report.records &&
            report.stats.all { it.dropped == 0L && it.lost == 0L }

    private fun summary(report: MultiProcessReport): String {
        val check = report.check
        val seconds = report.wallNanos / 1e9
        val verdict =
            if (passed(report)) {
                "PASS: every record is in the file exactly once, whole, in order per thread"
            } else {
                "FAIL: see the problems above"
            }
        return buildString {
            appendLine()
            appendLine("  processes          ${report.processes} JVMs x ${report.threads} threads")
            appendLine("  records            %,d logged, %,d verified whole".format(report.records, check.intact))
            appendLine(
                "  files              ${check.files} (%.1f MB, %,d lines): ${report.rotations} rotations, each done once by one of the JVMs"
                    .format(check.bytes / 1e6, check.lines)
            )
            for (file in report.files) {
                val lines = Files.lines(file).use { it.count() }
                appendLine("    %-36s %9.1f KiB %,8d records".format(file.fileName, Files.size(file) / 1024.0, lines))
            }
            appendLine("  lost               ${check.lost}")
            appendLine("  duplicated         ${check.duplicated}")
            appendLine("  torn               ${check.torn}")
            appendLine("  out of order       ${check.outOfOrder}")
            appendLine("  unexpected         ${check.unexpected}")
            appendLine(
                "  records per second %,.0f (%.2f s from the start barrier to the last close)"
                    .format(report.recordsPerSecond, seconds)
            )
            appendLine(
                "  lock acquisitions  %,d, mean %.0f records each, longest hold %.1f ms"
                    .format(report.batches, report.meanBatchSize, report.longestLockHoldNanos / 1e6)
            )
            appendLine(
                "  late records       %,d written after their boundary (largest lateness %d ms)"
                    .format(report.lateRecords, report.maxLatenessMillis)
            )
            for (problem in check.problems) appendLine("  problem: $problem")
            appendLine()
            appendLine("  $verdict")
        }
    }
}
