package dev.rotolog.archive

import dev.rotolog.PeriodUnit
import dev.rotolog.lock.LockFiles
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.PeriodBoundaries
import dev.rotolog.rotation.RotationPeriod
import dev.rotolog.status.StatusReporter
import java.nio.file.Path
import java.time.Clock
import java.time.ZoneOffset

/**
 * One archiver pass in this JVM, as another process would run it after a crash: under the archiver lock (which must be
 * free: a dead holder's lock is dropped by the OS), on the log [activeFile] rotated every [seconds] seconds in UTC.
 * Returns what the pass did.
 */
internal fun runOnePass(
    activeFile: Path,
    seconds: Int,
    compress: Boolean,
    retention: Retention,
    clock: Clock = Clock.systemUTC(),
    status: StatusReporter = StatusReporter(),
): ArchiverCounters {
    val grid = PeriodBoundaries(RotationPeriod(seconds, PeriodUnit.SECONDS), ZoneOffset.UTC)
    val counters = ArchiverCounters()
    val pass =
        ArchivePass(
            ArchiveDirectory(
                activeFile.toAbsolutePath().parent,
                ArchiveNaming(activeFile.fileName.toString(), PeriodUnit.SECONDS),
            ),
            compress,
            RetentionPlanner(retention) { RetentionPlanner.periodEnd(grid, it) },
            GzipCompressor(),
            clock,
            status,
            counters,
        )
    val lock = LockFiles.acquire(Archiver.lockPath(activeFile), null, status)
    try {
        val failures =
            lock.tryWithLock { pass.run {} } ?: error("the archiver lock of $activeFile is held by another process")
        check(failures == 0) { "the pass had $failures failures" }
    } finally {
        LockFiles.release(lock)
    }
    return counters
}
