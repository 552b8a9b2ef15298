package dev.rotolog.writer

import dev.rotolog.Durability
import dev.rotolog.FileTargetConfig
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.archive.Archiver
import dev.rotolog.lock.LockFile
import dev.rotolog.lock.LockFiles
import dev.rotolog.lock.SharedState
import dev.rotolog.lock.fileKeyAt
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
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.attribute.BasicFileAttributes
import java.time.Clock
import java.time.Instant
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import kotlin.time.Duration

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

    private var file: FileChannel? = null
    private var fileKey: Any? = null
    private val batch = EncodedBatch()
    private val pendingFlushes = ArrayList<CountDownLatch>()

    /** rotolog's own records in the current batch (drop notices): written, but not counted as the callers'. */
    private var noticesInBatch = 0
    private val oneByte = ByteBuffer.allocate(1)

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
     * Stops intake, writes what is queued, and releases the file and the lock. Waits at most [timeout]; what
     * still cannot be written then is counted in [WriterCounters.lost] and reported.
     */
    fun shutdown(timeout: Duration) {
        giveUpAtNanos = System.nanoTime() + timeout.inWholeNanoseconds
        queue.shutdown(job, timeout)
        scope.cancel() // the ticker
        archiver?.close()
        executor.shutdown()
        LockFiles.release(lockFile)
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
                queue.roomMade()
                writeBatch()
                for (latch in pendingFlushes) latch.countDown()
                pendingFlushes.clear()
                batch.clear()
                batch.bytes.trimTo(RETAINED_BUFFER_BYTES)
            }
            // Drops after the last batch began would otherwise never be reported in the log.
            noticesInBatch = 0
            appendDropNotice()
            writeBatch()
            batch.clear()
        } finally {
            for (latch in pendingFlushes) latch.countDown()
            closeFile()
        }
    }

    private fun appendDropNotice() {
        val notice = queue.dropNotice(threadName) ?: return
        encode(notice)
        noticesInBatch++
    }

    private fun encode(record: LogRecord) {
        batch.add(record, config.layout, status, path.toString())
    }

    private suspend fun writeBatch() {
        if (batch.count == 0 && !rotationCheckRequested) return
        var backoffMillis = INITIAL_BACKOFF_MILLIS
        while (true) {
            try {
                try {
                    lockFile.withLock { writeLocked() }
                } finally {
                    handOverArchives()
                }
                counters.batches++
                rotationCheckRequested = false
                return
            } catch (failure: Exception) {
                counters.errors++
                status.report("write:$path", "cannot write ${batch.bytes.size} bytes to $path; keeping them and retrying", failure)
                if (System.nanoTime() - giveUpAtNanos >= 0) {
                    val records = batch.count - noticesInBatch
                    counters.lost.addAndGet(records.toLong())
                    status.report("lost:$path", "closing $path timed out; $records records were not written")
                    return
                }
                delay(backoffMillis)
                backoffMillis = (backoffMillis * 2).coerceAtMost(MAX_BACKOFF_MILLIS)
            }
        }
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
            var ch = currentFile()
            var size = cutTornTail(ch, ch.size())
            val planner = planner
            val state = if (planner == null) null else readStateForPlanning()
            if (planner == null || state == null) {
                appendRecords(ch, size, 0, batch.count)
                durable = batch.count
                forceIfDurable(ch)
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
                            size = appendRecords(ch, size, step.fromRecord, step.toRecord)
                            durable = step.toRecord
                        }
                        is RotationStep.Rotate -> {
                            if (renameFailed) continue
                            forceIfDurable(ch)
                            if (!archiveActiveFile(step)) {
                                renameFailed = true
                                continue
                            }
                            stored = step.stateAfter
                            lockFile.writeState(stored)
                            ch = currentFile()
                            size = 0
                        }
                    }
                }
                forceIfDurable(ch)
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
    }

    /** Appends records [from, to) of the batch at [position]; on failure cuts the file back to [position]. */
    private fun appendRecords(ch: FileChannel, position: Long, from: Int, to: Int): Long {
        if (from >= to) return position
        val data = batch.bytes.wrap(batch.start(from), batch.start(to))
        var end = position
        try {
            while (data.hasRemaining()) end += ch.write(data, end)
        } catch (failure: IOException) {
            // Leave no partial record behind: the retry writes these records again.
            try {
                ch.truncate(position)
            } catch (truncateFailure: IOException) {
                failure.addSuppressed(truncateFailure)
            }
            throw failure
        }
        return end
    }

    private fun forceIfDurable(ch: FileChannel) {
        if (config.durability == Durability.POWER_LOSS) ch.force(false)
    }

    /**
     * Reads the shared state; a corrupt one is rebuilt (the planner then dates the active file by its mtime);
     * one written by a newer rotolog is left alone and this batch is written without rotating (null).
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
     * Renames the active file to the step's archive name, never replacing an existing file (a plain move checks
     * that the target does not exist; ATOMIC_MOVE would replace silently). False if the rename was refused:
     * the records then keep going to the active file and the rotation is retried at the next batch.
     */
    private fun archiveActiveFile(step: RotationStep.Rotate): Boolean {
        val archive = path.resolveSibling(step.archiveName)
        closeFile()
        try {
            Files.move(path, archive, LinkOption.NOFOLLOW_LINKS)
        } catch (failure: IOException) {
            counters.errors++
            status.report("rotate:$path", "cannot rename $path to ${step.archiveName}; writing on to $path", failure)
            return false
        }
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

    /** The open channel of the file that [path] names now, reopened if it was moved, deleted or replaced. */
    private fun currentFile(): FileChannel {
        val open = file
        val keyAtPath = fileKeyAt(path)
        if (open != null && keyAtPath != null && keyAtPath == fileKey) return open
        closeFile()
        Files.createDirectories(path.parent)
        val ch = config.io.open(path)
        file = ch
        fileKey = Files.readAttributes(path, BasicFileAttributes::class.java, LinkOption.NOFOLLOW_LINKS).fileKey()
        return ch
    }

    /**
     * A writer killed in the middle of a write leaves an incomplete last record. Cut it off, so it is not glued
     * to the next record; the dead process's complete records stay. Returns the size after the cut.
     */
    private fun cutTornTail(ch: FileChannel, size: Long): Long {
        if (size == 0L || readByte(ch, size - 1) == NEWLINE) return size
        var end = size - 1
        val chunk = ByteBuffer.allocate(TAIL_SCAN_CHUNK)
        var keep = 0L
        scan@ while (end > 0) {
            val from = (end - TAIL_SCAN_CHUNK).coerceAtLeast(0)
            chunk.clear().limit((end - from).toInt())
            while (chunk.hasRemaining()) if (ch.read(chunk, from + chunk.position()) < 0) break
            for (i in chunk.position() - 1 downTo 0) {
                if (chunk.get(i) == NEWLINE) {
                    keep = from + i + 1
                    break@scan
                }
            }
            end = from
        }
        ch.truncate(keep)
        counters.tornTailsRepaired++
        status.report("torn:$path", "cut ${size - keep} bytes of an incomplete record (a writer died mid-write) from $path")
        return keep
    }

    private fun readByte(ch: FileChannel, position: Long): Byte {
        oneByte.clear()
        ch.read(oneByte, position)
        return oneByte.get(0)
    }

    private fun closeFile() {
        try {
            file?.close()
        } catch (e: IOException) {
            status.report("close:$path", "could not close $path", e)
        }
        file = null
        fileKey = null
    }

    /** The ticker's request, sent through the queue so it is handled in order with the records. */
    private object RotationCheck

    private companion object {
        const val NEWLINE = '\n'.code.toByte()
        const val MAX_BATCH_BYTES = 4 shl 20
        const val WAKE_EVERY_RECORDS = 64
        const val RETAINED_BUFFER_BYTES = 4 shl 20
        const val TAIL_SCAN_CHUNK = 64 * 1024
        const val INITIAL_BACKOFF_MILLIS = 10L
        const val MAX_BACKOFF_MILLIS = 1_000L
    }
}
