package dev.rotolog.archive

import dev.rotolog.status.StatusReporter
import java.io.IOException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import kotlin.coroutines.cancellation.CancellationException

/**
 * One archiver pass over the archives of one log, run while holding its archiver lock ([Archiver.lockPath]):
 * 1. **Repair** what an interrupted pass left: delete every `x.gz.part` (with the lock held, no live process is writing
 *    one); where `x` and `x.gz` both exist, delete `x` if `x.gz` is complete and holds exactly `x`'s bytes, else delete
 *    `x.gz` (it is then made again from `x`).
 * 2. **Retention by count and age**, so nothing is compressed that is about to be deleted.
 * 3. **Compression** of each raw archive, oldest first, then deletion of the raw file. The first failure stops
 *    compression for this pass (a full disk fails them all); the raw archive stays, and the caller retries. A failure
 *    of one archive alone (something not ours at its `.gz` or `.gz.part` name, a FIFO say) skips that archive with a
 *    report and goes on with the next.
 *
 * Before changing anything of an archive the pass checks again that none of its names has become a live log's active
 * file ([ArchiveDirectory.isLiveLog]); if one has, it leaves the archive alone and no longer counts it.
 * 4. **Retention by count, age and total size**, with the compressed sizes.
 *
 * Each step only ever deletes or creates names of this log's own archives (see [ArchiveDirectory]). Running it again,
 * or in another process after this one, finds nothing left to do.
 */
internal class ArchivePass(
    private val directory: ArchiveDirectory,
    private val compress: Boolean,
    private val retention: RetentionPlanner,
    private val compressor: GzipCompressor,
    private val clock: Clock,
    private val status: StatusReporter,
    private val counters: ArchiverCounters,
    /** Told of each [ArchiveStep] the pass reaches. */
    private val onStep: (ArchiveStep, Path) -> Unit = NO_STEPS,
) {
    private val where = directory.resolve(directory.naming.activeFileName).toString()

    /**
     * Runs the pass. [checkpoint] is called between chunks of work and may throw [CancellationException] to stop (a
     * stopped pass is like a crashed one: the next pass repairs). Returns the number of failures; an I/O failure that
     * prevents the pass altogether (the directory cannot be listed) is thrown.
     */
    fun run(checkpoint: () -> Unit): Int {
        val groups = directory.scan()
        var failures = 0
        for (group in groups) {
            checkpoint()
            if (!stillOurs(group)) continue
            if (!repair(group, checkpoint)) failures++
        }
        failures += delete(retention.expired(groups, clock.instant(), countSize = false))
        if (compress) {
            for (group in groups) {
                if (!group.hasRaw || group.hasGz) continue
                checkpoint()
                if (!stillOurs(group)) continue
                val obstruction = group.obstruction
                if (obstruction != null) {
                    reportObstruction(group, directory.resolve(obstruction).toString())
                    continue
                }
                when (compress(group, checkpoint)) {
                    Outcome.DONE -> {}
                    // This archive only (a FIFO or a file appeared at one of its names): go on with the others.
                    Outcome.SKIPPED -> failures++
                    // Anything else (a full disk) fails every archive alike: stop for this pass.
                    Outcome.FAILED -> {
                        failures++
                        break
                    }
                }
            }
        }
        failures += delete(retention.expired(groups, clock.instant(), countSize = true))
        counters.passes.incrementAndGet()
        return failures
    }

    /** Cleans up one archive's leftovers; false if a step failed (reported). */
    private fun repair(group: ArchiveGroup, checkpoint: () -> Unit): Boolean {
        if (group.part) {
            if (!deleteFile(group.partName, "a stale compression leftover")) return false
            group.part = false
            counters.repaired.incrementAndGet()
        }
        if (group.hasRaw && group.hasGz) {
            val raw = directory.resolve(group.rawName)
            val gz = directory.resolve(group.gzName)
            val complete =
                try {
                    compressor.sameContent(raw, gz, checkpoint)
                } catch (e: IOException) {
                    report("verify", "cannot compare ${group.gzName} with ${group.rawName}", e)
                    return false
                }
            if (complete) {
                if (!deleteFile(group.rawName, "the raw archive beside its complete .gz")) return false
                group.rawSize = ArchiveGroup.ABSENT
            } else {
                if (!deleteFile(group.gzName, "an incomplete .gz (the raw archive stays)")) return false
                group.gzSize = ArchiveGroup.ABSENT
            }
            counters.repaired.incrementAndGet()
        }
        return true
    }

    private enum class Outcome {
        DONE,
        SKIPPED,
        FAILED,
    }

    private fun compress(group: ArchiveGroup, checkpoint: () -> Unit): Outcome {
        val raw = directory.resolve(group.rawName)
        try {
            group.gzSize = compressor.compress(raw, checkpoint)
        } catch (e: IOException) {
            counters.compressionFailures.incrementAndGet()
            if (e is FileAlreadyExistsException || e is NotRegularFileException) {
                reportObstruction(group, e.message ?: e.toString())
                return Outcome.SKIPPED
            }
            report("compress", "cannot compress ${group.rawName}; it stays uncompressed and is tried again later", e)
            return Outcome.FAILED
        }
        onStep(ArchiveStep.PUBLISHED, directory.resolve(group.gzName))
        if (!deleteFile(group.rawName, "the raw archive after compression")) return Outcome.FAILED
        group.rawSize = ArchiveGroup.ABSENT
        counters.compressed.incrementAndGet()
        return Outcome.DONE
    }

    /**
     * False, and the pass forgets [group], when one of its names got a `.lock` sidecar since the scan (a log just
     * started with that name as its active file): from then on it is not an archive.
     */
    private fun stillOurs(group: ArchiveGroup): Boolean {
        if (!directory.isLiveLog(group)) return true
        group.forget()
        return false
    }

    private fun reportObstruction(group: ArchiveGroup, what: String) {
        report(
            "obstructed:${group.rawName}",
            "cannot compress ${group.rawName}: $what is in the way (not a file rotolog made); the archive stays " +
                "uncompressed until it is removed, the other archives are compressed",
            null,
        )
    }

    /** Deletes [expired] archives (every file of each), oldest first; returns the number of failures. */
    private fun delete(expired: List<ArchiveGroup>): Int {
        var failures = 0
        for (group in expired) {
            if (!stillOurs(group)) continue
            if (group.hasGz) {
                if (deleteExpired(group.gzName)) group.gzSize = ArchiveGroup.ABSENT else failures++
            }
            if (group.hasRaw) {
                if (deleteExpired(group.rawName)) group.rawSize = ArchiveGroup.ABSENT else failures++
            }
        }
        return failures
    }

    /** Deletes one file of an archive past retention; false if that failed (reported). */
    private fun deleteExpired(fileName: String): Boolean {
        if (!deleteFile(fileName, "an archive past retention")) return false
        counters.deleted.incrementAndGet()
        onStep(ArchiveStep.RETENTION_DELETED, directory.resolve(fileName))
        return true
    }

    private fun deleteFile(fileName: String, what: String): Boolean {
        val path: Path = directory.resolve(fileName)
        return try {
            Files.deleteIfExists(path)
            true
        } catch (e: IOException) {
            report("delete", "cannot delete $what, $path", e)
            false
        }
    }

    private fun report(kind: String, message: String, cause: Throwable?) {
        counters.errors.incrementAndGet()
        status.report("archive-$kind:$where", message, cause)
    }

    internal companion object {
        val NO_STEPS: (ArchiveStep, Path) -> Unit = { _, _ -> }
    }
}
