package dev.rotolog.console

import dev.rotolog.ConsoleStream
import dev.rotolog.ConsoleTargetConfig
import dev.rotolog.LogRecord
import dev.rotolog.layout.MinimalLine
import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.BatchTarget
import dev.rotolog.writer.DrainLoop
import dev.rotolog.writer.RecordIntake
import dev.rotolog.writer.RecordQueue
import dev.rotolog.writer.WriterCounters
import dev.rotolog.writer.formatRecord
import java.io.PrintStream
import java.util.concurrent.Executors
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.launch

/**
 * The writer of one console target: callers put records into a bounded queue, one coroutine on a thread of its own
 * formats them and writes each batch with one `print` call, so records are whole on the stream even when other code
 * prints too (a [PrintStream] serialises its calls). No lock file, no rotation.
 *
 * A [PrintStream] throws no I/O errors; it sets a flag that [PrintStream.checkError] reads and that never clears. A
 * batch after which the flag is set is counted lost, not written, and reported: from then on every batch is, since the
 * stream cannot tell which later writes reached it. A record that cannot be formatted even as a minimal line is counted
 * lost too.
 */
internal class ConsoleWriter
private constructor(
    private val config: ConsoleTargetConfig,
    private val status: StatusReporter,
    private val label: String,
    /** The intake: callers' records go straight into it ([offer], [flush] are the queue's). */
    private val queue: RecordQueue,
) : RecordIntake by queue {
    constructor(
        config: ConsoleTargetConfig,
        status: StatusReporter,
    ) : this(config, status, labelOf(config), queueOf(config, status))

    private val out: PrintStream = config.sink ?: if (config.stream == ConsoleStream.STDERR) System.err else System.out
    private val threadName = "rotolog-console:${config.stream.name.lowercase()}"
    private val executor =
        Executors.newSingleThreadExecutor { task -> Thread(task, threadName).apply { isDaemon = true } }
    private val scope = CoroutineScope(SupervisorJob() + executor.asCoroutineDispatcher() + CoroutineName(threadName))

    private var text = StringBuilder(1024)
    private var record = StringBuilder(256)

    /** What the two builders hold on to between batches, in chars (for tests of the trimming). */
    internal val retainedChars: Int
        get() = text.capacity() + record.capacity()

    private val job = scope.launch { DrainLoop(queue, Batches()).run() }

    /** Stops intake and writes what is queued, waiting at most [timeout]; what is left then is counted lost. */
    fun shutdown(timeout: Duration) {
        queue.shutdown(job, timeout)
        executor.shutdown()
        counters.reportLossesAtClose(status)
    }

    /** The batches the [DrainLoop] fills: formatted text, printed with one call each. */
    private inner class Batches : BatchTarget {
        private var records = 0L
        private var formatted = 0L

        override fun startBatch() {
            text.setLength(0)
            records = 0
            formatted = 0
            appendDropNotice()
        }

        override fun add(record: LogRecord) {
            if (append(record)) formatted++
            records++
        }

        override fun rotationCheck() {
            // A console does not rotate.
        }

        override val batchFull: Boolean
            get() = records >= MAX_BATCH_RECORDS || text.length >= MAX_BATCH_CHARS

        override suspend fun writeBatch() {
            if (printText()) {
                counters.written += formatted
                counters.lost.addAndGet(records - formatted)
            } else {
                counters.lost.addAndGet(records)
                status.report(
                    "lost:$label",
                    "$records records were not written to $label (the stream reports an error)",
                )
            }
            counters.batches++
            trimBuilders()
        }

        override suspend fun writeLastNotice() {
            text.setLength(0)
            appendDropNotice()
            printText()
        }

        override fun died(failure: Throwable) {
            throw failure
        }
    }

    /**
     * Prints the batch with one call, so other code printing to the stream cannot split a record; false when the stream
     * says it failed (or printing threw), and then nothing of the batch counts as written.
     */
    private fun printText(): Boolean {
        if (text.isEmpty()) return true
        val failure =
            try {
                out.print(text)
                // PrintStream reports no I/O errors by exception; checkError flushes and says whether writing failed.
                if (!out.checkError()) return true
                null
            } catch (failure: Throwable) {
                failure
            }
        counters.errors++
        val how = if (failure == null) " (PrintStream.checkError)" else ""
        status.report("write:$label", "writing to $label failed$how", failure)
        return false
    }

    private fun appendDropNotice() {
        queue.dropNotice(threadName)?.let { append(it) }
    }

    /** Formats [entry] into the batch; false when it could not be, not even as a minimal line. Never throws. */
    private fun append(entry: LogRecord): Boolean {
        if (!formatRecord(config.layout, entry, record, status, label)) return false
        val mark = text.length
        try {
            text.append(record)
            return true
        } catch (failure: Throwable) {
            text.setLength(mark)
            val logger = MinimalLine.cut(entry.loggerName)
            status.report(
                "unwritable:$label",
                { "a record of $logger did not fit in the batch of $label; it is lost" },
                failure,
            )
            return false
        } finally {
            if (record.capacity() > RETAINED_CHARS) record = StringBuilder(256)
        }
    }

    /** Gives back what a batch of huge records made the builders take. */
    private fun trimBuilders() {
        if (text.capacity() > RETAINED_CHARS) text = StringBuilder(1024)
        if (record.capacity() > RETAINED_CHARS) record = StringBuilder(256)
    }

    private companion object {
        fun labelOf(config: ConsoleTargetConfig) = "<${config.stream.name.lowercase()}>"

        fun queueOf(config: ConsoleTargetConfig, status: StatusReporter): RecordQueue {
            val label = labelOf(config)
            return RecordQueue(config.queueCapacity, WriterCounters(label), status, label)
        }

        const val MAX_BATCH_RECORDS = 1_024
        const val MAX_BATCH_CHARS = 256 * 1024
        const val RETAINED_CHARS = 1024 * 1024
    }
}
