package dev.rotolog.writer

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.status.StatusReporter
import java.lang.invoke.VarHandle
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock
import kotlin.coroutines.resume
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The intake of one writer (a file's or the console's): the bounded queue callers put records into, with the overflow
 * policies, flush markers, the drop notices, and the bounded shutdown. The writer's own coroutine takes entries out
 * with [awaitEntry] and [pollInto] (see [DrainLoop]); an entry is a [LogRecord], as the caller made it, or a
 * [QueueControl] (a flush marker, a rotation check).
 *
 * A caller pays one CAS to enqueue, plus a volatile read to see whether the writer is asleep; only then does it wake
 * the writer. The writer wakes callers waiting for room only when some are waiting.
 */
internal class RecordQueue(
    capacity: Int,
    override val counters: WriterCounters,
    private val status: StatusReporter,
    /** Names the target in status reports: a path or `<stdout>`. */
    private val label: String,
) : RecordIntake {
    private val entries = BoundedMpscQueue(capacity)

    /** The writer's continuation while it waits for entries, or null while it works. */
    private val sleepingWriter = AtomicReference<CancellableContinuation<Unit>?>()

    /** The writer's thread, set when it starts: it must never wait for room in its own queue. */
    @Volatile var writerThread: Thread? = null

    /** The writer's coroutine, set when it starts: once intake is closed, a flush is done when it is. */
    @Volatile var writerJob: Job? = null

    private var reportedDrops = 0L

    /** Set when the writer stopped for good: later records are lost, not "logged after close". */
    @Volatile private var writerFailure: Throwable? = null

    /** Blocking callers wait on [room] for room; [waitingForRoom] lets the writer skip the wake-up. */
    private val roomLock = ReentrantLock()
    private val room = roomLock.newCondition()
    private val waitingForRoom = AtomicInteger()

    /** Suspended callers (overflow policy SUSPEND) waiting for room. */
    private val suspendedForRoom = ConcurrentLinkedQueue<CancellableContinuation<Unit>>()

    override fun offer(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        when (enqueue(record)) {
            BoundedMpscQueue.Offer.ACCEPTED -> return accepted()
            BoundedMpscQueue.Offer.CLOSED -> return rejectedAfterClose()
            BoundedMpscQueue.Offer.FULL -> {}
        }
        // The writer thread itself (a layout that logs) must never wait for its own queue.
        if (policy == OverflowPolicy.DROP || Thread.currentThread() === writerThread) return dropped()
        return when (awaitRoomFor(record, System.nanoTime() + blockTimeout.inWholeNanoseconds)) {
            BoundedMpscQueue.Offer.ACCEPTED -> accepted()
            BoundedMpscQueue.Offer.CLOSED -> rejectedAfterClose()
            BoundedMpscQueue.Offer.FULL -> dropped()
        }
    }

    /** Enqueues a control entry (a rotation check); false if the queue is full or closed. */
    fun offerControl(entry: QueueControl): Boolean = enqueue(entry) == BoundedMpscQueue.Offer.ACCEPTED

    private fun enqueue(entry: Any): BoundedMpscQueue.Offer {
        val result = entries.offer(entry)
        if (result == BoundedMpscQueue.Offer.ACCEPTED) wakeWriter()
        return result
    }

    /**
     * Waits for room for [entry] until [deadlineNanos] (System.nanoTime()), as a plain blocking wait on [room]: the
     * writer calls [roomMade] after taking entries out. The check for room happens under the lock the writer signals
     * under, so no wake-up is missed; the wait is still capped, to survive a lost one anyway. (A `runBlocking { send }`
     * here cost callers 4.5 µs per record under load.)
     */
    private fun awaitRoomFor(entry: Any, deadlineNanos: Long): BoundedMpscQueue.Offer {
        waitingForRoom.incrementAndGet()
        try {
            while (true) {
                val result = enqueue(entry)
                if (result != BoundedMpscQueue.Offer.FULL) return result
                val left = deadlineNanos - System.nanoTime()
                if (left <= 0) return result
                roomLock.withLock {
                    if (!entries.hasRoom() && !entries.isClosed) {
                        room.await(minOf(MAX_WAIT_MILLIS, (left + 999_999) / 1_000_000), TimeUnit.MILLISECONDS)
                    }
                }
            }
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
            return BoundedMpscQueue.Offer.FULL
        } finally {
            waitingForRoom.decrementAndGet()
        }
    }

    /** Called by the writer after it took entries out: wakes callers waiting for room, if any. */
    fun roomMade() {
        // Orders the writer's consumer index before this read, against a caller's increment before its check.
        VarHandle.fullFence()
        if (waitingForRoom.get() != 0) wakeRoomWaiters()
    }

    private fun wakeRoomWaiters() {
        roomLock.withLock { room.signalAll() }
        while (true) suspendedForRoom.poll()?.resume(Unit) ?: break
    }

    override suspend fun offerSuspending(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean {
        if (policy != OverflowPolicy.SUSPEND || Thread.currentThread() === writerThread) {
            return offer(record, policy, blockTimeout)
        }
        while (true) {
            when (enqueue(record)) {
                BoundedMpscQueue.Offer.ACCEPTED -> return accepted()
                BoundedMpscQueue.Offer.CLOSED -> return rejectedAfterClose()
                BoundedMpscQueue.Offer.FULL -> {}
            }
            waitingForRoom.incrementAndGet()
            try {
                suspendCancellableCoroutine { waiter ->
                    suspendedForRoom.add(waiter)
                    if ((entries.hasRoom() || entries.isClosed) && suspendedForRoom.remove(waiter)) waiter.resume(Unit)
                }
            } finally {
                waitingForRoom.decrementAndGet()
            }
        }
    }

    /** What the writer does with the entries it takes: records and control entries apart, each with its type. */
    interface Entries {
        fun record(record: LogRecord)

        fun control(control: QueueControl)
    }

    /**
     * Waits (suspended) until an entry is queued and returns true, so the next [pollInto] takes one; false once the
     * queue is closed and every entry taken.
     */
    suspend fun awaitEntry(): Boolean {
        while (true) {
            // Closed first: once closed nothing more is claimed, so closed and then empty stays empty.
            val closed = entries.isClosed
            if (!entries.isEmpty()) return true
            if (closed) return false
            suspendCancellableCoroutine { writer ->
                sleepingWriter.set(writer)
                // An entry that came (or a close) between the check and the set would otherwise wake no one.
                if ((!entries.isEmpty() || entries.isClosed) && sleepingWriter.compareAndSet(writer, null)) {
                    writer.resume(Unit)
                }
            }
        }
    }

    /** Hands the writer's next entry, if there is one now, to [to] and returns true; false when there is none. */
    fun pollInto(to: Entries): Boolean {
        val entry = entries.poll() ?: return false
        // Everything queued is a record or a control entry: offer() and offerControl() are the only ways in.
        if (entry is QueueControl) to.control(entry) else to.record(entry as LogRecord)
        return true
    }

    private fun wakeWriter() {
        val writer = sleepingWriter.get() ?: return
        if (sleepingWriter.compareAndSet(writer, null)) writer.resume(Unit)
    }

    private fun accepted(): Boolean {
        counters.accepted.increment()
        return true
    }

    private fun dropped(): Boolean {
        counters.dropped.incrementAndGet()
        return false
    }

    private fun rejectedAfterClose(): Boolean {
        val failure = writerFailure
        if (failure != null) {
            counters.accepted.increment()
            counters.lost.incrementAndGet()
            status.report("dead:$label", "the writer of $label has stopped; a record was not written", failure)
            return false
        }
        counters.rejectedAfterClose.incrementAndGet()
        status.report("closed:$label", "a record was logged after $label was closed; it is not written")
        return false
    }

    override fun flush(timeout: Duration): Boolean {
        if (Thread.currentThread() === writerThread) return false
        val marker = QueueControl.Flush()
        val deadline = System.nanoTime() + timeout.inWholeNanoseconds
        var result = enqueue(marker)
        if (result == BoundedMpscQueue.Offer.FULL) result = awaitRoomFor(marker, deadline)
        return when (result) {
            // Closed: everything accepted before is written once the writer has finished.
            BoundedMpscQueue.Offer.CLOSED -> writerJob?.isCompleted == true
            BoundedMpscQueue.Offer.FULL -> false
            BoundedMpscQueue.Offer.ACCEPTED -> marker.await(deadline - System.nanoTime())
        }
    }

    /**
     * Closes intake and waits at most [timeout] (plus a short grace) for [writer] to write what is queued. If it does
     * not finish, it is cancelled and what is still queued is counted lost and reported.
     */
    fun shutdown(writer: Job, timeout: Duration) {
        closeIntake()
        if (awaitWriter(writer, timeout + GRACE)) return
        runBlocking { withTimeoutOrNull(GRACE) { writer.cancelAndJoin() } }
        val abandoned = abandonQueued()
        status.report("lost:$label", "closing $label timed out; $abandoned queued records were not written")
    }

    /** Refuses records from now on; the writer takes what is queued and then finds the queue closed. */
    fun closeIntake() {
        entries.close()
        wakeWriter()
        wakeRoomWaiters() // they learn that the queue is closed
    }

    /**
     * Closes intake because the writer stopped for good ([cause]): records offered from now on are counted as accepted
     * and lost (not as logged after a close, which they were not), and reported.
     */
    fun closeIntakeAfterWriterDied(cause: Throwable) {
        writerFailure = cause
        closeIntake()
    }

    /** True once [writer] finished within [timeout]. */
    fun awaitWriter(writer: Job, timeout: Duration): Boolean =
        try {
            runBlocking { withTimeoutOrNull(timeout) { writer.join() } } != null
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
            false
        }

    /** Empties the queue without writing: counts its records lost and releases flush waiters. Returns the count. */
    fun abandonQueued(): Long {
        var abandoned = 0L
        while (true) {
            val entry = entries.poll() ?: break
            if (entry !is QueueControl) abandoned++ else if (entry is QueueControl.Flush) entry.release()
        }
        counters.lost.addAndGet(abandoned)
        return abandoned
    }

    /**
     * A record saying how many records were dropped since the last notice, or null if none were. The writer puts it
     * into the output, so the log itself shows where records are missing.
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

        /** A cap on one wait for room; wake-ups come from the writer, this only bounds a lost one. */
        const val MAX_WAIT_MILLIS = 50L
    }
}
