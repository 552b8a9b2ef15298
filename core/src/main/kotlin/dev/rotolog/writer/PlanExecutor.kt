package dev.rotolog.writer

import dev.rotolog.Durability
import dev.rotolog.lock.LockFile
import dev.rotolog.lock.SharedState
import dev.rotolog.rotation.RotationPlanner
import dev.rotolog.rotation.RotationStep
import dev.rotolog.status.StatusReporter
import java.io.IOException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.time.Clock
import java.time.Instant

/**
 * Writes one encoded batch to the active file while the writer holds the cross-process lock: checks that the open file
 * is still the one at [path], cuts off an incomplete record a crashed writer left, reads the shared state, plans
 * rotation ([RotationPlanner]), executes the plan's writes and renames, and stores the state it leads to.
 *
 * Records that reached a file stay counted even if a later step fails: [written] tells the caller how many of the
 * batch's first records are in a file, so a retry never writes them twice.
 */
internal class PlanExecutor(
    private val path: Path,
    private val activeFile: ActiveFile,
    private val lockFile: LockFile,
    private val io: LogFileIo,
    private val planner: RotationPlanner?,
    private val durability: Durability,
    private val clock: Clock,
    private val counters: WriterCounters,
    private val status: StatusReporter,
    /** Told of each rotation this JVM carries out, under the lock, right after the rename. */
    private val onRotated: ((archive: Path, step: RotationStep.Rotate) -> Unit)?,
) {
    /** How many of the first records of the last [execute]'s batch are in a file, also when it failed. */
    var written: Int = 0
        private set

    /** Archives created under the lock since the last [takeArchivesCreated]; the archiver is told once it is free. */
    private var archivesCreated = 0

    /** True when archives were created since the last call (the archiver has work). */
    fun takeArchivesCreated(): Boolean {
        val any = archivesCreated > 0
        archivesCreated = 0
        return any
    }

    /** Runs under the lock held through [lockFile]; throws what retrying may mend, with [written] kept up to date. */
    fun execute(batch: EncodedBatch) {
        written = 0
        var size = activeFile.openCurrent()
        val cut = activeFile.cutTornTail(size)
        if (cut > 0) {
            size -= cut
            counters.tornTailsRepaired++
            status.report("torn:$path", "cut $cut bytes of an incomplete record (a writer died mid-write) from $path")
        }
        val planner = planner
        val state = if (planner == null) null else readStateForPlanning()
        if (planner == null || state == null) {
            appendRecords(batch, size, 0, batch.count)
            written = batch.count
            forceIfDurable()
            return
        }
        val plan =
            planner.plan(
                state = state,
                now = clock.instant(),
                activeSize = size,
                batch = batch.forPlanner(),
                activeModified = if (state.periodStart == SharedState.NO_PERIOD && size > 0) lastModified() else null,
                existingNames = ::namesInDirectory,
            )
        var stored: SharedState = state
        var renameFailed = false
        try {
            for (step in plan.steps) {
                when (step) {
                    is RotationStep.Write -> {
                        size = appendRecords(batch, size, step.fromRecord, step.toRecord)
                        written = step.toRecord
                    }
                    is RotationStep.Rotate -> {
                        if (renameFailed) continue
                        forceIfDurable()
                        lockFile.checkStillLocked()
                        if (!archiveActiveFile(step)) {
                            renameFailed = true
                            continue
                        }
                        stored = step.stateAfter
                        lockFile.writeState(stored)
                        size = activeFile.openCurrent()
                    }
                }
            }
            forceIfDurable()
            if (!renameFailed) stored = plan.newState
            counters.lateRecords += plan.lateRecords
            if (plan.maxLateMillis > counters.maxLateMillis) counters.maxLateMillis = plan.maxLateMillis
        } finally {
            if (stored != state) lockFile.writeState(stored)
        }
    }

    /**
     * Appends records [from, to) of [batch] to the active file, whose size under the lock is [size]; returns the size
     * after. Checks first that we still hold the lock every other process takes: if the lock file was deleted or
     * replaced, another process may be writing now, so the batch is retried under the new lock.
     */
    private fun appendRecords(batch: EncodedBatch, size: Long, from: Int, to: Int): Long {
        if (from >= to) return size
        lockFile.checkStillLocked()
        val data = batch.bytes.wrap(batch.start(from), batch.start(to))
        val length = data.remaining()
        activeFile.append(data, size)
        return size + length
    }

    private fun forceIfDurable() {
        if (durability == Durability.POWER_LOSS) activeFile.force()
    }

    /**
     * Reads the shared state; a corrupt or implausible one is rebuilt (the planner then dates the active file by its
     * mtime); one written by a newer rotolog is left alone and this batch is written without rotating (null).
     */
    private fun readStateForPlanning(): SharedState? =
        try {
            lockFile.readState()
        } catch (unreadable: SharedState.UnreadableStateException) {
            if (unreadable.newerFormat) {
                status.report("state-newer:$path", "not rotating $path: ${unreadable.message}; upgrade this process")
                null
            } else {
                status.report("state-corrupt:$path", "rebuilding the rotation state of $path: ${unreadable.message}")
                SharedState()
            }
        }

    /**
     * Renames the active file to the step's archive name, never replacing an existing file. The file stays open across
     * the rename (the channel follows the inode), so when the rename is refused (no write permission on the directory,
     * a sticky directory, the name taken meanwhile) the records keep going to the active file, the refusal is reported,
     * and the rotation is retried at the next batch. Returns false then.
     */
    private fun archiveActiveFile(step: RotationStep.Rotate): Boolean {
        val archive = path.resolveSibling(step.archiveName)
        try {
            io.rename(path, archive)
        } catch (failure: IOException) {
            counters.errors++
            status.report("rotate:$path", "cannot rename $path to ${step.archiveName}; writing on to $path", failure)
            return false
        }
        activeFile.close()?.let { status.report("close:$path", "could not close $archive", it) }
        counters.rotations++
        archivesCreated++
        onRotated?.invoke(archive, step)
        return true
    }

    private fun lastModified(): Instant? =
        try {
            Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant()
        } catch (_: IOException) {
            null
        }

    private fun namesInDirectory(): List<String> =
        Files.newDirectoryStream(path.parent).use { entries -> entries.map { it.fileName.toString() } }
}
