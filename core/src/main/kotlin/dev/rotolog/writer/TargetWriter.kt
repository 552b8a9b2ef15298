package dev.rotolog.writer

import dev.rotolog.Durability
import dev.rotolog.FileTargetConfig
import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.lock.LockFile
import dev.rotolog.lock.LockFiles
import dev.rotolog.status.StatusReporter
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.attribute.BasicFileAttributes
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.time.Duration

/**
 * The single writer of one log file in this JVM.
 *
 * Callers put records into a bounded channel ([offer]); one coroutine on a thread of its own drains it in
 * batches, encodes each batch into one reused buffer, and writes the batch while holding the cross-process lock.
 * Under the lock it first checks that its open file is still the file at [path] (external `mv`/`rm`), cuts off
 * an incomplete record a crashed writer left at the end, then writes the whole batch at the end of the file.
 * A failed write is cut back to the size before the batch, and the batch is kept and retried with backoff, so
 * the file never holds a torn or doubled record.
 */
internal class TargetWriter(
    val path: Path,
    private val config: FileTargetConfig,
    private val status: StatusReporter,
) {
    val counters = WriterCounters(path.toString())
    private val channel = Channel<Any>(config.queueCapacity)
    private val lockFile: LockFile = LockFiles.acquire(path.resolveSibling("${path.fileName}.lock"), status)
    private val threadName = "rotolog-writer:${path.fileName}"
    private val executor =
        Executors.newSingleThreadExecutor { task -> Thread(task, threadName).apply { isDaemon = true } }
    private val scope = CoroutineScope(SupervisorJob() + executor.asCoroutineDispatcher() + CoroutineName(threadName))

    @Volatile private var writerThread: Thread? = null

    /** Set by [shutdown]: past this System.nanoTime() a batch that cannot be written is counted lost. */
    @Volatile private var giveUpAtNanos = Long.MAX_VALUE

    private var file: FileChannel? = null
    private var fileKey: Any? = null
    private val batch = EncodedBatch()
    private val text = StringBuilder(1024)
    private val pendingFlushes = ArrayList<CountDownLatch>()
    private var reportedDrops = 0L

    /** rotolog's own records in the current batch (drop notices): written, but not counted as the callers'. */
    private var noticesInBatch = 0
    private val oneByte = ByteBuffer.allocate(1)

    private val job = scope.launch { drainLoop() }

    /** Hands [record] to the writer following [policy]; never blocks longer than [blockTimeout], never throws. */
    fun offer(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        val result = channel.trySend(record)
        if (result.isSuccess) {
            counters.accepted.incrementAndGet()
            return true
        }
        if (result.isClosed) return rejectAfterClose()
        if (policy == OverflowPolicy.DROP || Thread.currentThread() === writerThread) return drop()
        val sent =
            try {
                runBlocking { withTimeoutOrNull(blockTimeout) { channel.send(record) } } != null
            } catch (_: ClosedSendChannelException) {
                return rejectAfterClose()
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                false
            }
        if (!sent) return drop()
        counters.accepted.incrementAndGet()
        return true
    }

    /** Like [offer] for suspending callers: under [OverflowPolicy.SUSPEND] it suspends until there is room. */
    suspend fun offerSuspending(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        if (policy != OverflowPolicy.SUSPEND) return offer(record, policy, blockTimeout)
        return try {
            channel.send(record)
            counters.accepted.incrementAndGet()
            true
        } catch (_: ClosedSendChannelException) {
            rejectAfterClose()
        }
    }

    private fun drop(): Boolean {
        counters.dropped.incrementAndGet()
        return false
    }

    private fun rejectAfterClose(): Boolean {
        counters.rejectedAfterClose.incrementAndGet()
        status.report("closed:$path", "a record was logged after $path was closed; it is not written")
        return false
    }

    /** Waits until every record accepted before this call is written; false when [timeout] passed first. */
    fun flush(timeout: Duration): Boolean {
        if (Thread.currentThread() === writerThread) return false
        val latch = CountDownLatch(1)
        val queued =
            try {
                channel.trySend(latch).isSuccess ||
                    runBlocking { withTimeoutOrNull(timeout) { channel.send(latch) } } != null
            } catch (_: ClosedSendChannelException) {
                return job.isCompleted
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                return false
            }
        return queued && latch.await(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
    }

    /**
     * Stops intake, writes what is queued, and releases the file and the lock. Waits at most [timeout]; what
     * still cannot be written then is counted in [WriterCounters.lost] and reported.
     */
    fun shutdown(timeout: Duration) {
        giveUpAtNanos = System.nanoTime() + timeout.inWholeNanoseconds
        channel.close()
        val finished =
            try {
                runBlocking { withTimeoutOrNull(timeout + GRACE) { job.join() } } != null
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                false
            }
        if (!finished) {
            runBlocking { withTimeoutOrNull(GRACE) { job.cancelAndJoin() } }
            var abandoned = 0L
            while (true) {
                val entry = channel.tryReceive().getOrNull() ?: break
                if (entry is LogRecord) abandoned++ else if (entry is CountDownLatch) entry.countDown()
            }
            counters.lost.addAndGet(abandoned)
            status.report("lost:$path", "closing $path timed out; $abandoned queued records were not written")
        }
        executor.shutdown()
        LockFiles.release(lockFile)
    }

    private suspend fun drainLoop() {
        writerThread = Thread.currentThread()
        try {
            while (true) {
                val first = channel.receiveCatching().getOrNull() ?: break
                batch.clear()
                noticesInBatch = 0
                appendDropNotice()
                var entry: Any? = first
                while (entry != null) {
                    if (entry is LogRecord) {
                        encode(entry)
                    } else if (entry is CountDownLatch) {
                        pendingFlushes += entry
                    }
                    if (batch.count >= config.maxBatchRecords || batch.bytes.size >= MAX_BATCH_BYTES) break
                    entry = channel.tryReceive().getOrNull()
                }
                writeBatch()
                for (latch in pendingFlushes) latch.countDown()
                pendingFlushes.clear()
                batch.clear()
                batch.bytes.trimTo(RETAINED_BUFFER_BYTES)
            }
        } finally {
            for (latch in pendingFlushes) latch.countDown()
            closeFile()
        }
    }

    private fun appendDropNotice() {
        val dropped = counters.dropped.get() - reportedDrops
        if (dropped <= 0) return
        reportedDrops += dropped
        val notice =
            LogRecord(
                epochMillis = System.currentTimeMillis(),
                level = Level.WARN,
                loggerName = "rotolog",
                message = "$dropped records were dropped because the queue of $path was full (overflow policy)",
                threadName = threadName,
            )
        encode(notice)
        noticesInBatch++
    }

    private fun encode(record: LogRecord) {
        text.setLength(0)
        try {
            config.layout.format(record, text)
        } catch (failure: Throwable) {
            status.report("layout:$path", "the layout failed on a record of ${record.loggerName}", failure)
            text.setLength(0)
            text.append(record.level.name).append(' ').append(record.loggerName).append(" - ")
            dev.rotolog.layout.LineEscaper.appendEscaped(record.message, text)
            text.append(" (layout failed: ").append(failure.javaClass.name).append(")\n")
        }
        if (text.isEmpty() || text[text.length - 1] != '\n') text.append('\n')
        batch.bytes.append(text)
        batch.endRecord(record.epochMillis, record.createdNanos)
    }

    private suspend fun writeBatch() {
        val records = batch.count - noticesInBatch
        if (batch.count == 0) return
        var backoffMillis = INITIAL_BACKOFF_MILLIS
        while (true) {
            try {
                lockFile.withLock { writeLocked() }
                counters.written += records
                counters.batches++
                return
            } catch (failure: Exception) {
                counters.errors++
                status.report("write:$path", "cannot write ${batch.bytes.size} bytes to $path; keeping them and retrying", failure)
                if (System.nanoTime() - giveUpAtNanos >= 0) {
                    counters.lost.addAndGet(records.toLong())
                    status.report("lost:$path", "closing $path timed out; $records records were not written")
                    return
                }
                delay(backoffMillis)
                backoffMillis = (backoffMillis * 2).coerceAtMost(MAX_BACKOFF_MILLIS)
            }
        }
    }

    /** Runs under the cross-process lock. */
    private fun writeLocked() {
        val held = System.nanoTime()
        val ch = currentFile()
        val start = cutTornTail(ch, ch.size())
        val data = batch.bytes.wrap(0, batch.bytes.size)
        var position = start
        try {
            while (data.hasRemaining()) position += ch.write(data, position)
            if (config.durability == Durability.POWER_LOSS) ch.force(false)
        } catch (failure: IOException) {
            // Leave no partial batch behind: the retry writes the whole batch again.
            try {
                ch.truncate(start)
            } catch (truncateFailure: IOException) {
                failure.addSuppressed(truncateFailure)
            }
            throw failure
        } finally {
            counters.recordLock(lockFile.lastWaitNanos, System.nanoTime() - held)
        }
    }

    /** The open channel of the file that [path] names now, reopened if it was moved, deleted or replaced. */
    private fun currentFile(): FileChannel {
        val open = file
        val keyAtPath =
            try {
                Files.readAttributes(path, BasicFileAttributes::class.java, LinkOption.NOFOLLOW_LINKS).fileKey()
            } catch (_: NoSuchFileException) {
                null
            }
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

    private companion object {
        const val NEWLINE = '\n'.code.toByte()
        const val MAX_BATCH_BYTES = 1 shl 20
        const val RETAINED_BUFFER_BYTES = 4 shl 20
        const val TAIL_SCAN_CHUNK = 64 * 1024
        const val INITIAL_BACKOFF_MILLIS = 10L
        const val MAX_BACKOFF_MILLIS = 1_000L
        val GRACE = kotlin.time.Duration.parse("2s")
    }
}
