package dev.rotolog.console

import dev.rotolog.ConsoleStream
import dev.rotolog.ConsoleTargetConfig
import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.layout.LineEscaper
import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.WriterCounters
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.io.PrintStream
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The writer of one console target: callers put records into a bounded channel, one coroutine on a thread of its
 * own formats them and writes each batch with one `print` call, so records are whole on the stream even when
 * other code prints too (a [PrintStream] serialises its calls). No lock file, no rotation.
 */
internal class ConsoleWriter(private val config: ConsoleTargetConfig, private val status: StatusReporter) {
    private val out: PrintStream =
        config.sink ?: if (config.stream == ConsoleStream.STDERR) System.err else System.out
    private val label = "<${config.stream.name.lowercase()}>"
    val counters = WriterCounters(label)
    private val channel = Channel<Any>(config.queueCapacity)
    private val threadName = "rotolog-console:${config.stream.name.lowercase()}"
    private val executor = Executors.newSingleThreadExecutor { task -> Thread(task, threadName).apply { isDaemon = true } }
    private val scope = CoroutineScope(SupervisorJob() + executor.asCoroutineDispatcher() + CoroutineName(threadName))

    @Volatile private var writerThread: Thread? = null
    private val text = StringBuilder(1024)
    private val record = StringBuilder(256)
    private var reportedDrops = 0L
    private val job = scope.launch { drainLoop() }

    /** Hands [record] over following [policy], waiting at most [blockTimeout]; never throws. */
    fun offer(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        val result = channel.trySend(record)
        if (result.isSuccess) return accepted()
        if (result.isClosed) return rejectedAfterClose()
        // The writer thread itself (a layout that logs) must never wait for its own queue.
        if (policy == OverflowPolicy.DROP || Thread.currentThread() === writerThread) return dropped()
        val sent =
            try {
                runBlocking { withTimeoutOrNull(blockTimeout) { channel.send(record) } } != null
            } catch (_: ClosedSendChannelException) {
                return rejectedAfterClose()
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                false
            }
        return if (sent) accepted() else dropped()
    }

    /** Like [offer]; under [OverflowPolicy.SUSPEND] it suspends until there is room. */
    suspend fun offerSuspending(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        if (policy != OverflowPolicy.SUSPEND) return offer(record, policy, blockTimeout)
        return try {
            channel.send(record)
            accepted()
        } catch (_: ClosedSendChannelException) {
            rejectedAfterClose()
        }
    }

    private fun accepted(): Boolean {
        counters.accepted.incrementAndGet()
        return true
    }

    private fun dropped(): Boolean {
        counters.dropped.incrementAndGet()
        return false
    }

    private fun rejectedAfterClose(): Boolean {
        counters.rejectedAfterClose.incrementAndGet()
        return false
    }

    /** Waits until every record accepted before this call is written; false when [timeout] passed first. */
    fun flush(timeout: Duration): Boolean {
        if (Thread.currentThread() === writerThread) return false
        val latch = CountDownLatch(1)
        val queued =
            try {
                channel.trySend(latch).isSuccess || runBlocking { withTimeoutOrNull(timeout) { channel.send(latch) } } != null
            } catch (_: ClosedSendChannelException) {
                return job.isCompleted
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                return false
            }
        return queued && latch.await(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
    }

    /** Stops intake and writes what is queued, waiting at most [timeout]; what is left then is counted lost. */
    fun shutdown(timeout: Duration) {
        channel.close()
        val finished =
            try {
                runBlocking { withTimeoutOrNull(timeout) { job.join() } } != null
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
            status.report("lost:$label", "closing the console target $label timed out; $abandoned queued records were not written")
        }
        executor.shutdown()
    }

    private suspend fun drainLoop() {
        writerThread = Thread.currentThread()
        val latches = ArrayList<CountDownLatch>()
        try {
            while (true) {
                var entry: Any? = channel.receiveCatching().getOrNull() ?: break
                text.setLength(0)
                var records = 0L
                appendDropNotice()
                while (entry != null) {
                    if (entry is LogRecord) {
                        append(entry)
                        records++
                    } else if (entry is CountDownLatch) {
                        latches += entry
                    }
                    if (records >= MAX_BATCH_RECORDS || text.length >= MAX_BATCH_CHARS) break
                    entry = channel.tryReceive().getOrNull()
                }
                if (text.isNotEmpty()) {
                    // PrintStream reports no I/O errors by exception; checkError says whether writing failed.
                    out.print(text)
                    out.flush()
                    if (out.checkError()) {
                        counters.errors++
                        status.report("write:$label", "writing to $label failed (PrintStream.checkError)")
                    }
                }
                counters.written += records
                counters.batches++
                for (latch in latches) latch.countDown()
                latches.clear()
                if (text.length > RETAINED_CHARS) {
                    text.setLength(0)
                    text.trimToSize()
                }
            }
        } finally {
            for (latch in latches) latch.countDown()
        }
    }

    private fun appendDropNotice() {
        val dropped = counters.dropped.get() - reportedDrops
        if (dropped <= 0) return
        reportedDrops += dropped
        append(
            LogRecord(
                epochMillis = System.currentTimeMillis(),
                level = Level.WARN,
                loggerName = "rotolog",
                message = "$dropped records were dropped because the queue of the console target $label was full (overflow policy)",
                threadName = threadName,
            ),
        )
    }

    private fun append(entry: LogRecord) {
        record.setLength(0)
        try {
            config.layout.format(entry, record)
        } catch (failure: Throwable) {
            status.report("layout:$label", "the layout failed on a record of ${entry.loggerName}", failure)
            record.setLength(0)
            record.append(entry.level.name).append(' ').append(entry.loggerName).append(" - ")
            LineEscaper.appendEscaped(entry.message, record)
            record.append(" (layout failed: ").append(failure.javaClass.name).append(")\n")
        }
        if (record.isEmpty() || record[record.length - 1] != '\n') record.append('\n')
        text.append(record)
    }

    private companion object {
        const val MAX_BATCH_RECORDS = 1_024
        const val MAX_BATCH_CHARS = 256 * 1024
        const val RETAINED_CHARS = 1024 * 1024
        val GRACE = 2.seconds
    }
}
