package dev.rotolog.writer

import dev.rotolog.Durability
import dev.rotolog.FileTargetConfig
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.archive.Archiver
import dev.rotolog.lock.LockFile
import dev.rotolog.lock.LockFiles
import dev.rotolog.lock.SharedState
import dev.rotolog.rotation.RotationPlanner
import dev.rotolog.rotation.RotationStep
import dev.rotolog.status.StatusReporter
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.io.IOException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The single writer of one log file in this JVM.
 *
 * Callers put records into a bounded queue ([offer]); one coroutine on a thread of its own drains it in
 * batches, encodes each batch into one reused buffer, and writes the batch while holding the cross-process lock.
 * Under the lock it first checks that its open file is still the file at [path] (external `mv`/`rm`), cuts off
 * an incomplete record a crashed writer left at the end, then writes the whole batch at the end of the file.
 * A failed write is cut back to the size before the batch, and the batch is kept and retried with backoff, so
 * the file never holds a torn or doubled record.
 */
internal class TargetWriter(
    val path: Path,
    private val config: FileTargetConfig,
    private val clock: Clock,
    private val status: StatusReporter,
    /** Where the ticker runs; tests pass a scope on virtual time. Default: the writer's own scope. */
    tickerScope: CoroutineScope? = null,
) {
    val counters = WriterCounters(path.toString())
    private val queue = RecordQueue(config.queueCapacity, counters, status, path.toString())
    private val lockFile: LockFile = LockFiles.acquire(path.resolveSibling("${path.fileName}.lock"), status)
    private val threadName = "rotolog-writer:${path.fileName}"
    private val executor =
        Executors.newSingleThreadExecutor { task -> Thread(task, threadName).apply { isDaemon = true } }
    private val scope = CoroutineScope(SupervisorJob() + executor.asCoroutineDispatcher() + CoroutineName(threadName))

    /** Set by [shutdown]: past this System.nanoTime() a batch that cannot be written is counted lost. */
    @Volatile private var giveUpAtNanos = Long.MAX_VALUE

    private val activeFile = ActiveFile(path, config.io, config.permissions)
    private val giveUp: () -> Boolean = ::givingUp

    /** The callers' records of the batch being written; what a stuck writer holds when closing abandons it. */
    @Volatile private var recordsInHand = 0

    /** Set when closing left a stuck writer behind; the writer then no longer counts anything. */
    @Volatile private var abandoned = false
    private val batch = EncodedBatch()
    private val pendingFlushes = ArrayList<CountDownLatch>()

    /** rotolog's own records in the current batch (drop notices): written, but not counted as the callers'. */
    private var noticesInBatch = 0

    private val planner: RotationPlanner? = config.rotation?.let { RotationPlanner(path.fileName.toString(), it) }

    /** Compresses and prunes the archives off the lock; started now, so its first pass repairs what a crash left. */
    private val archiver: Archiver? =
        config.rotation?.takeIf { config.archiving.active }?.let {
            Archiver(path, it, config.archiving, clock, status, permissions = config.permissions)
        }

    /** Archives this batch created under the lock, handed to the [archiver] once the lock is released. */
    private val createdArchives = ArrayList<String>(2)

    /** Set when the ticker (or the start) asked for a rotation check: the next pass plans even with no records. */
    private var rotationCheckRequested = false

    private val job = scope.launch { drainLoop() }

    init {
        val boundaries = planner?.boundaries
        if (planner != null) {
            // An active file left from an older period is rotated before anything else is written.
            queue.offerControl(RotationCheck)
        }
        if (boundaries != null) {
            val ticker =
                RotationTicker(
                    clock = clock,
                    nextBoundaryAfter = { now -> boundaries.nextBoundary(Instant.ofEpochMilli(now)).toEpochMilli() },
                    requestCheck = { queue.offerControl(RotationCheck) },
                )
            (tickerScope ?: scope).launch(CoroutineName("rotolog-ticker:${path.fileName}")) { ticker.run() }
        }
    }

    /** Hands [record] to the writer following [policy]; never blocks longer than [blockTimeout], never throws. */
    fun offer(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean =
        queue.offer(record, policy, blockTimeout)

    /** Like [offer] for suspending callers: under [OverflowPolicy.SUSPEND] it suspends until there is room. */
    suspend fun offerSuspending(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean =
        queue.offerSuspending(record, policy, blockTimeout)

    /** Waits until every record accepted before this call is written; false when [timeout] passed first. */
    fun flush(timeout: Duration): Boolean = queue.flush(timeout) { job.isCompleted }

    /**
     * Stops intake, writes what is queued, and releases the file and the lock. Returns within about [timeout]
     * whatever other processes do (one holding the lock forever included): what still cannot be written then,
     * the batch in hand included, is counted in [WriterCounters.lost]. Ends with one line on the status channel,
     * never rate-limited, with the exact figures whenever anything was dropped or lost.
     */
    fun shutdown(timeout: Duration) {
        giveUpAtNanos = System.nanoTime() + timeout.inWholeNanoseconds
        queue.closeIntake()
        var finished = queue.awaitWriter(job, timeout)
        if (!finished) {
            // Most likely waiting for a lock another process holds: wake it; past the deadline it only tries.
            lockFile.wakeWaiter()
            finished = queue.awaitWriter(job, GRACE)
        }
        if (!finished) {
            // Stuck in a system call that does not return (a hung file system): leave it and count its records.
            abandoned = true
            job.cancel()
            val inHand = recordsInHand.toLong()
            counters.lost.addAndGet(inHand)
            val queued = queue.abandonQueued()
            status.report("lost:$path", "closing $path timed out; ${inHand + queued} records were not written")
        }
        scope.cancel() // the ticker
        archiver?.close()
        executor.shutdown()
        LockFiles.release(lockFile)
        counters.reportLossesAtClose(status)
    }

    private suspend fun drainLoop() {
        queue.writerThread = Thread.currentThread()
        try {
            while (true) {
                val first = queue.take() ?: break
                batch.clear()
                noticesInBatch = 0
                appendDropNotice()
                var entry: Any? = first
                while (entry != null) {
                    when (entry) {
                        is LogRecord -> {
                            encode(entry)
                            // Callers blocked on a full queue need not wait for the whole batch to be encoded.
                            if (batch.count % WAKE_EVERY_RECORDS == 0) queue.roomMade()
                        }
                        is CountDownLatch -> pendingFlushes += entry
                        RotationCheck -> rotationCheckRequested = true
                    }
                    if (batch.count >= config.maxBatchRecords || batch.bytes.size >= MAX_BATCH_BYTES) break
                    entry = queue.poll()
                }
                recordsInHand = batch.count - noticesInBatch
                queue.roomMade()
                writeBatch()
                releaseFlushes()
                batch.clear()
                recordsInHand = 0
                batch.bytes.trimTo(RETAINED_BUFFER_BYTES)
            }
            // Drops after the last batch began would otherwise never be reported in the log.
            noticesInBatch = 0
            appendDropNotice()
            writeBatch()
            batch.clear()
        } catch (cancelled: CancellationException) {
            throw cancelled
        } catch (death: Throwable) {
            writerDied(death)
        } finally {
            releaseFlushes()
            activeFile.close()?.let { status.report("close:$path", "could not close $path", it) }
        }
    }

    /**
     * The writer cannot go on (an error no retry can mend, such as a class that fails to load): intake stops,
     * every record it held or that is queued is counted lost, and that is reported at once, not rate-limited.
     */
    private fun writerDied(death: Throwable) {
        if (abandoned) return
        queue.closeIntakeAfterWriterDied(death)
        val inHand = (batch.count - noticesInBatch).coerceAtLeast(0).toLong()
        batch.clear()
        recordsInHand = 0
        counters.lost.addAndGet(inHand)
        val queued = queue.abandonQueued()
        counters.errors++
        status.reportAlways(
            "the writer of $path stopped: ${describe(death)}; ${inHand + queued} records were lost, " +
                "and records logged from now on are counted lost",
        )
    }

    /** A throwable's class and message, safe against a message that throws itself. */
    private fun describe(failure: Throwable): String =
        try {
            "${failure.javaClass.name}: ${failure.message}"
        } catch (_: Throwable) {
            failure.javaClass.name
        }

    private fun releaseFlushes() {
        for (latch in pendingFlushes) latch.countDown()
        pendingFlushes.clear()
    }

    private fun appendDropNotice() {
        val notice = queue.dropNotice(threadName) ?: return
        if (batch.add(notice, config.layout, status, path.toString())) noticesInBatch++
    }

    /** Adds [record] to the batch; one that cannot be encoded even as a minimal line is counted lost. */
    private fun encode(record: LogRecord) {
        if (batch.add(record, config.layout, status, path.toString())) return
        counters.lost.incrementAndGet()
        status.report("unencodable:$path", "a record could not be encoded, not even as a minimal line; counted lost")
    }

    private fun givingUp(): Boolean = System.nanoTime() - giveUpAtNanos >= 0

    private suspend fun writeBatch() {
        if (batch.count == 0 && !rotationCheckRequested) return
        var backoffMillis = INITIAL_BACKOFF_MILLIS
        while (true) {
            try {
                try {
                    lockFile.withLock(giveUp) { writeLocked() }
                } finally {
                    handOverArchives()
                }
                counters.batches++
                rotationCheckRequested = false
                return
            } catch (failure: Exception) {
                if (failure is CancellationException) throw failure
                if (retryOrGiveUp(failure)) return
            } catch (failure: VirtualMachineError) {
                // Out of memory (or stack) while writing: memory may come back, so the batch is kept and retried.
                if (retryOrGiveUp(failure)) return
            }
            delay(backoffMillis)
            backoffMillis = (backoffMillis * 2).coerceAtMost(MAX_BACKOFF_MILLIS)
        }
    }

    /** Reports a failed attempt; true when closing has passed its deadline and the batch is counted lost. */
    private fun retryOrGiveUp(failure: Throwable): Boolean {
        val records = batch.count - noticesInBatch
        if (givingUp()) {
            counters.lost.addAndGet(records.toLong())
            status.report("lost:$path", "closing $path timed out; $records records were not written: ${describe(failure)}")
            batch.clear()
            recordsInHand = 0
            return true
        }
        counters.errors++
        status.report("write:$path", "cannot write $records records to $path; keeping them and retrying", failure)
        return false
    }

    private fun handOverArchives() {
        if (createdArchives.isEmpty()) return
        archiver?.archived(createdArchives)
        createdArchives.clear()
    }

    /**
     * Runs under the cross-process lock: check the file, repair, plan rotation from the shared state, and execute
     * the plan. Records that reached a file stay counted even if a later step fails: the batch forgets them, so
     * the retry never writes them twice.
     */
    private fun writeLocked() {
        val held = System.nanoTime()
        var durable = 0
        try {
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
                appendRecords(size, 0, batch.count)
                durable = batch.count
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
                            size = appendRecords(size, step.fromRecord, step.toRecord)
                            durable = step.toRecord
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
        } finally {
            markDurable(durable)
            counters.recordLock(lockFile.lastWaitNanos, System.nanoTime() - held)
        }
    }

    /** Counts the first [durable] records of the batch as written and forgets them. */
    private fun markDurable(durable: Int) {
        if (durable == 0) return
        val notices = if (noticesInBatch > 0) 1 else 0
        counters.written += durable - notices
        noticesInBatch -= notices
        batch.dropFirst(durable)
        recordsInHand = batch.count - noticesInBatch
    }

    /**
     * Appends records [from, to) of the batch to the active file, whose size under the lock is [size]; returns the
     * size after. Checks first that we still hold the lock every other process takes: if the lock file was
     * deleted or replaced, another process may be writing now, so the batch is retried under the new lock.
     */
    private fun appendRecords(size: Long, from: Int, to: Int): Long {
        if (from >= to) return size
        lockFile.checkStillLocked()
        val data = batch.bytes.wrap(batch.start(from), batch.start(to))
        val length = data.remaining()
        activeFile.append(data, size)
        return size + length
    }

    private fun forceIfDurable() {
        if (config.durability == Durability.POWER_LOSS) activeFile.force()
    }

    /**
     * Reads the shared state; a corrupt or implausible one is rebuilt (the planner then dates the active file by
     * its mtime); one written by a newer rotolog is left alone and this batch is written without rotating (null).
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
     * Renames the active file to the step's archive name, never replacing an existing file. The file stays open across the rename
     * (the channel follows the inode), so when the rename is refused (no write permission on the directory, a
     * sticky directory, the name taken meanwhile) the records keep going to the active file, the refusal is
     * reported, and the rotation is retried at the next batch. Returns false then.
     */
    private fun archiveActiveFile(step: RotationStep.Rotate): Boolean {
        val archive = path.resolveSibling(step.archiveName)
        try {
            config.io.rename(path, archive)
        } catch (failure: IOException) {
            counters.errors++
            status.report("rotate:$path", "cannot rename $path to ${step.archiveName}; writing on to $path", failure)
            return false
        }
        activeFile.close()?.let { status.report("close:$path", "could not close $archive", it) }
        counters.rotations++
        createdArchives += step.archiveName
        WriterTestHooks.afterRename?.invoke(archive)
        WriterTestHooks.rotationJournal?.invoke(step)
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

    /** The ticker's request, sent through the queue so it is handled in order with the records. */
    private object RotationCheck

    private companion object {
        val GRACE = 2.seconds
        const val MAX_BATCH_BYTES = 4 shl 20
        const val WAKE_EVERY_RECORDS = 64
        const val RETAINED_BUFFER_BYTES = 4 shl 20
        const val INITIAL_BACKOFF_MILLIS = 10L
        const val MAX_BACKOFF_MILLIS = 1_000L
    }
}
