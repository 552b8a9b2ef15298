package dev.rotolog.writer

import dev.rotolog.LogRecord
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext

/** What a writer (a file's or the console's) does with the batches the [DrainLoop] takes out of its queue. */
internal interface BatchTarget {
    /** Starts a batch: the last one is forgotten, and a notice of records dropped since then comes first. */
    fun startBatch()

    /** Adds [record] to the batch; never throws for a record that cannot be encoded (it is counted lost). */
    fun add(record: LogRecord)

    /** A rotation check was asked for: the next [writeBatch] plans even with no records. */
    fun rotationCheck()

    /** True when the batch takes no more entries. */
    val batchFull: Boolean

    /** Writes the batch, retrying as the target does, and counts what was written or lost. */
    suspend fun writeBatch()

    /** Once intake is closed and every entry taken: writes a last notice of drops, if any. */
    suspend fun writeLastNotice()

    /** The loop died of [failure] (not a cancellation); flush markers in hand are released after this returns. */
    fun died(failure: Throwable)
}

/**
 * The loop of a writer's own coroutine, the same for files and the console: wait for an entry, take what else is queued
 * up to a full batch, let callers waiting for room in, write the batch, release the flush markers that came with it.
 * Ends when intake is closed and everything queued is written.
 */
internal class DrainLoop(private val queue: RecordQueue, private val target: BatchTarget) : RecordQueue.Entries {
    private val flushes = ArrayList<QueueControl.Flush>()

    suspend fun run() {
        queue.writerThread = Thread.currentThread()
        queue.writerJob = currentCoroutineContext()[Job]
        try {
            while (queue.awaitEntry()) {
                target.startBatch()
                while (queue.pollInto(this) && !target.batchFull) {
                    // Taking entries until the batch is full or the queue empty.
                }
                queue.roomMade()
                target.writeBatch()
                releaseFlushes()
            }
            // Drops after the last batch began would otherwise never be reported in the output.
            target.writeLastNotice()
        } catch (cancelled: CancellationException) {
            throw cancelled
        } catch (death: Throwable) {
            target.died(death)
        } finally {
            releaseFlushes()
        }
    }

    override fun record(record: LogRecord) {
        target.add(record)
    }

    override fun control(control: QueueControl) {
        when (control) {
            is QueueControl.Flush -> flushes += control
            QueueControl.RotationCheck -> target.rotationCheck()
        }
    }

    private fun releaseFlushes() {
        for (flush in flushes) flush.release()
        flushes.clear()
    }
}
