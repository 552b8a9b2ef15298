package dev.rotolog.writer

import dev.rotolog.FileTargetConfig
import dev.rotolog.LogRecord
import dev.rotolog.archive.ArchivePass
import dev.rotolog.archive.Archiver
import dev.rotolog.internal.Environment
import dev.rotolog.lock.LockFile
import dev.rotolog.lock.LockFiles
import dev.rotolog.rotation.RotationPlanner
import dev.rotolog.status.StatusReporter
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.util.concurrent.Executors
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch

/**
 * The single writer of one log file in this JVM.
 *
 * Callers put records into a bounded queue ([offer]); one coroutine on a thread of its own drains it in batches
 * ([DrainLoop]), encodes each batch into one reused buffer, and writes the batch while holding the cross-process lock
 * ([PlanExecutor]). A failed write is cut back to the size before the batch, and the batch is kept and retried with
 * backoff ([retryWithBackoff]), so the file never holds a torn or doubled record.
 */
internal class TargetWriter
private constructor(
    val path: Path,
    private val config: FileTargetConfig,
    private val clock: Clock,
    private val status: StatusReporter,
    tickerScope: CoroutineScope?,
    environment: Environment,
    /** The intake: callers' records go straight into it ([offer], [flush] are the queue's). */
    private val queue: RecordQueue,
) : RecordIntake by queue {
    constructor(
        path: Path,
        config: FileTargetConfig,
        clock: Clock,
        status: StatusReporter,
        /** Where the ticker runs; tests pass a scope on virtual time. Default: the writer's own scope. */
        tickerScope: CoroutineScope? = null,
        environment: Environment = Environment.DEFAULT,
    ) : this(
        path,
        config,
        clock,
        status,
        tickerScope,
        environment,
        RecordQueue(config.queueCapacity, WriterCounters(path.toString()), status, path.toString()),
    )

    private val lockFile: LockFile =
        LockFiles.acquire(path.resolveSibling("${path.fileName}.lock"), config.permissions, status)
    private val threadName = "rotolog-writer:${path.fileName}"
    private val executor =
        Executors.newSingleThreadExecutor { task -> Thread(task, threadName).apply { isDaemon = true } }
    private val scope = CoroutineScope(SupervisorJob() + executor.asCoroutineDispatcher() + CoroutineName(threadName))

    /** Set by [shutdown]: past this System.nanoTime() a batch that cannot be written is counted lost. */
    @Volatile private var giveUpAtNanos = Long.MAX_VALUE

    private val io: LogFileIo = environment.io ?: LogFileIo.withPermissions(config.permissions)
    private val activeFile = ActiveFile(path, io, config.permissions)
    private val giveUp: () -> Boolean = ::givingUp

    /** The callers' records of the batch being written; what a stuck writer holds when closing abandons it. */
    @Volatile private var recordsInHand = 0

    /** Set when closing left a stuck writer behind; the writer then no longer counts anything. */
    @Volatile private var abandoned = false
    private val batch = EncodedBatch()

    /** rotolog's own records in the current batch (drop notices): written, but not counted as the callers'. */
    private var noticesInBatch = 0

    private val planner: RotationPlanner? = config.rotation?.let { RotationPlanner(path.fileName.toString(), it) }

    private val plans =
        PlanExecutor(
            path,
            activeFile,
            lockFile,
            io,
            planner,
            config.durability,
            clock,
            counters,
            status,
            environment.onRotated,
        )

    /** Compresses and prunes the archives off the lock; started now, so its first pass repairs what a crash left. */
    private val archiver: Archiver? =
        config.rotation
            ?.takeIf { config.archiving.active }
            ?.let {
                val onStep = environment.onArchiveStep ?: ArchivePass.NO_STEPS
                Archiver(path, it, config.archiving, clock, status, permissions = config.permissions, onStep = onStep)
            }

    /** Set when the ticker (or the start) asked for a rotation check: the next pass plans even with no records. */
    private var rotationCheckRequested = false

    private val job =
        scope.launch {
            try {
                DrainLoop(queue, Batches()).run()
            } finally {
                activeFile.close()?.let { status.report("close:$path", "could not close $path", it) }
            }
        }

    init {
        val boundaries = planner?.boundaries
        if (planner != null) {
            // An active file left from an older period is rotated before anything else is written.
            queue.offerControl(QueueControl.RotationCheck)
        }
        if (boundaries != null) {
            val ticker =
                RotationTicker(
                    clock = clock,
                    nextBoundaryAfter = { now -> boundaries.nextBoundary(Instant.ofEpochMilli(now)).toEpochMilli() },
                    requestCheck = { queue.offerControl(QueueControl.RotationCheck) },
                )
            (tickerScope ?: scope).launch(CoroutineName("rotolog-ticker:${path.fileName}")) { ticker.run() }
        }
    }

    /**
     * Stops intake, writes what is queued, and releases the file and the lock. Returns within about [timeout] whatever
     * other processes do (one holding the lock forever included): what still cannot be written then, the batch in hand
     * included, is counted in [WriterCounters.lost]. Ends with one line on the status channel, never rate-limited, with
     * the exact figures whenever anything was dropped or lost.
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

    /** The batches the [DrainLoop] fills: encoded records, written under the lock with retries. */
    private inner class Batches : BatchTarget {
        override fun startBatch() {
            batch.clear()
            noticesInBatch = 0
            appendDropNotice()
        }

        override fun add(record: LogRecord) {
            encode(record)
            // Callers blocked on a full queue need not wait for the whole batch to be encoded.
            if (batch.count % WAKE_EVERY_RECORDS == 0) queue.roomMade()
        }

        override fun rotationCheck() {
            rotationCheckRequested = true
        }

        override val batchFull: Boolean
            get() = batch.count >= config.maxBatchRecords || batch.bytes.size >= MAX_BATCH_BYTES

        override suspend fun writeBatch() {
            recordsInHand = batch.count - noticesInBatch
            write()
            batch.clear()
            recordsInHand = 0
            batch.bytes.trimTo(RETAINED_BUFFER_BYTES)
        }

        override suspend fun writeLastNotice() {
            startBatch()
            write()
            batch.clear()
        }

        override fun died(failure: Throwable) {
            writerDied(failure)
        }
    }

    /**
     * The writer cannot go on (an error no retry can mend, such as a class that fails to load): intake stops, every
     * record it held or that is queued is counted lost, and that is reported at once, not rate-limited.
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
                "and records logged from now on are counted lost"
        )
    }

    /** A throwable's class and message, safe against a message that throws itself. */
    private fun describe(failure: Throwable): String =
        try {
            "${failure.javaClass.name}: ${failure.message}"
        } catch (_: Throwable) {
            failure.javaClass.name
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

    /** Writes the batch (or only checks rotation), retrying with backoff until it is written or closing gives up. */
    private suspend fun write() {
        if (batch.count == 0 && !rotationCheckRequested) return
        if (retryWithBackoff(INITIAL_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS, ::attempt, ::retryOrGiveUp)) {
            counters.batches++
            rotationCheckRequested = false
        }
    }

    private fun attempt() {
        try {
            lockFile.withLock(giveUp) { writeLocked() }
        } finally {
            // Once the writers' lock is released: the archiver never holds up a writer.
            if (plans.takeArchivesCreated()) archiver?.rotated()
        }
    }

    /** Runs under the cross-process lock; the records that reached a file are forgotten even if a step failed. */
    private fun writeLocked() {
        val held = System.nanoTime()
        try {
            plans.execute(batch)
        } finally {
            markDurable(plans.written)
            counters.recordLock(lockFile.lastWaitNanos, System.nanoTime() - held)
        }
    }

    /** Reports a failed attempt; true when closing has passed its deadline and the batch is counted lost. */
    private fun retryOrGiveUp(failure: Throwable): Boolean {
        val records = batch.count - noticesInBatch
        if (givingUp()) {
            counters.lost.addAndGet(records.toLong())
            status.report(
                "lost:$path",
                "closing $path timed out; $records records were not written: ${describe(failure)}",
            )
            batch.clear()
            recordsInHand = 0
            return true
        }
        counters.errors++
        status.report("write:$path", "cannot write $records records to $path; keeping them and retrying", failure)
        return false
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

    private companion object {
        val GRACE = 2.seconds
        const val MAX_BATCH_BYTES = 4 shl 20
        const val WAKE_EVERY_RECORDS = 64
        const val RETAINED_BUFFER_BYTES = 4 shl 20
        const val INITIAL_BACKOFF_MILLIS = 10L
        const val MAX_BACKOFF_MILLIS = 1_000L
    }
}
