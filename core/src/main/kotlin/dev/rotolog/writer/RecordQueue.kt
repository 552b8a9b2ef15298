package dev.rotolog.writer

import dev.rotolog.layout.Layout
import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.layout.LineEscaper
import dev.rotolog.status.StatusReporter
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The intake of one writer (a file's or the console's): the bounded channel callers put records into, with the
 * overflow policies, flush markers, the drop notices, and the bounded shutdown. The writer's own coroutine
 * drains [channel]; whatever it receives is a [LogRecord], a flush marker ([CountDownLatch], released once
 * everything before it is written) or the writer's own control object.
 */
internal class RecordQueue(
    capacity: Int,
    private val counters: WriterCounters,
    private val status: StatusReporter,
    /** Names the target in status reports: a path or `<stdout>`. */
    private val label: String,
) {
    val channel = Channel<Any>(capacity)

    /** The writer's thread, set when it starts: it must never wait for room in its own queue. */
    @Volatile var writerThread: Thread? = null

    private var reportedDrops = 0L

    /** Blocking callers wait on this monitor for room; [waitingForRoom] lets the writer skip the notify. */
    private val room = Any()
    private val waitingForRoom = AtomicInteger()

    /** Hands [record] over following [policy], waiting at most [blockTimeout]; never throws. */
    fun offer(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        val result = channel.trySend(record)
        if (result.isSuccess) return accepted()
        if (result.isClosed) return rejectedAfterClose()
        // The writer thread itself (a layout that logs) must never wait for its own queue.
        if (policy == OverflowPolicy.DROP || Thread.currentThread() === writerThread) return dropped()
        return awaitRoom(record, blockTimeout)
    }

    /**
     * Waits for room for [record], at most [blockTimeout], as a plain blocking wait: the writer calls
     * [roomMade] after taking records out. A wake-up that slips between a failed try and the wait costs at most
     * [MAX_WAIT_MILLIS], because each wait is that short. (A `runBlocking { send }` here cost callers 4.5 µs
     * per record under load: an event loop, a timeout job and a continuation per call.)
     */
    private fun awaitRoom(record: LogRecord, blockTimeout: Duration): Boolean {
        val deadline = System.nanoTime() + blockTimeout.inWholeNanoseconds
        waitingForRoom.incrementAndGet()
        try {
            while (true) {
                val result = channel.trySend(record)
                if (result.isSuccess) return accepted()
                if (result.isClosed) return rejectedAfterClose()
                val left = deadline - System.nanoTime()
                if (left <= 0) return dropped()
                synchronized(room) {
                    (room as Object).wait(minOf(MAX_WAIT_MILLIS, (left + 999_999) / 1_000_000))
                }
            }
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
            return dropped()
        } finally {
            waitingForRoom.decrementAndGet()
        }
    }

    /** Called by the writer after it took records out of [channel]: wakes callers waiting for room, if any. */
    fun roomMade() {
        if (waitingForRoom.get() == 0) return
        synchronized(room) { (room as Object).notifyAll() }
    }

    /** Like [offer] for suspending callers: under [OverflowPolicy.SUSPEND] it suspends until there is room. */
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
        status.report("closed:$label", "a record was logged after $label was closed; it is not written")
        return false
    }

    /**
     * Waits until every record accepted before this call is written; false when [timeout] passed first.
     * [writerDone] tells, once intake is closed, whether the writer has already written everything.
     */
    fun flush(timeout: Duration, writerDone: () -> Boolean): Boolean {
        if (Thread.currentThread() === writerThread) return false
        val latch = CountDownLatch(1)
        val queued =
            try {
                channel.trySend(latch).isSuccess || runBlocking { withTimeoutOrNull(timeout) { channel.send(latch) } } != null
            } catch (_: ClosedSendChannelException) {
                return writerDone()
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                return false
            }
        return queued && latch.await(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
    }

    /**
     * Closes intake and waits at most [timeout] (plus a short grace) for [writer] to write what is queued. If it
     * does not finish, it is cancelled and what is still queued is counted lost and reported.
     */
    fun shutdown(writer: Job, timeout: Duration) {
        channel.close()
        val finished =
            try {
                runBlocking { withTimeoutOrNull(timeout + GRACE) { writer.join() } } != null
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                false
            }
        if (finished) return
        runBlocking { withTimeoutOrNull(GRACE) { writer.cancelAndJoin() } }
        var abandoned = 0L
        while (true) {
            val entry = channel.tryReceive().getOrNull() ?: break
            if (entry is LogRecord) abandoned++ else if (entry is CountDownLatch) entry.countDown()
        }
        counters.lost.addAndGet(abandoned)
        status.report("lost:$label", "closing $label timed out; $abandoned queued records were not written")
    }

    /**
     * A record saying how many records were dropped since the last notice, or null if none were. The writer puts
     * it into the output, so the log itself shows where records are missing.
     */
    fun dropNotice(threadName: String): LogRecord? {
        val dropped = counters.dropped.get() - reportedDrops
        if (dropped <= 0) return null
        reportedDrops += dropped
        return LogRecord(
            epochMillis = System.currentTimeMillis(),
            level = Level.WARN,
            loggerName = "rotolog",
            message = "$dropped records were dropped because the queue of $label was full (overflow policy)",
            threadName = threadName,
        )
    }

    private companion object {
        val GRACE = 2.seconds
        const val MAX_WAIT_MILLIS = 1L
    }
}

/**
 * Formats [record] with [layout] into [out] (cleared first), ending it with a newline. A layout that throws is
 * reported and replaced by a minimal line, so a broken layout never loses a record or stops the writer.
 */
internal fun formatRecord(layout: Layout, record: LogRecord, out: StringBuilder, status: StatusReporter, label: String) {
    out.setLength(0)
    try {
        layout.format(record, out)
    } catch (failure: Throwable) {
        status.report("layout:$label", "the layout failed on a record of ${record.loggerName}", failure)
        out.setLength(0)
        out.append(record.level.name).append(' ').append(record.loggerName).append(" - ")
        LineEscaper.appendEscaped(record.message, out)
        out.append(" (layout failed: ").append(failure.javaClass.name).append(")\n")
    }
    if (out.isEmpty() || out[out.length - 1] != '\n') out.append('\n')
}
