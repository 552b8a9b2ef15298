package dev.rotolog.writer

import dev.rotolog.LogRecord
import dev.rotolog.layout.ByteLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.MinimalLine
import dev.rotolog.layout.Utf8Buffer
import dev.rotolog.rotation.RecordBatch
import dev.rotolog.status.StatusReporter

/**
 * One batch of records, encoded back to back into a reused buffer, with each record's size and creation time, so a
 * batch can be split at record boundaries (size rotation, a boundary inside the batch).
 */
internal class EncodedBatch(
    /** The most bytes one batch holds: the largest JVM array unless a test asks for less. */
    maxBytes: Int = Int.MAX_VALUE - 16
) {
    val bytes = Utf8Buffer(maxCapacity = maxBytes)
    var count: Int = 0
        private set

    private var sizes = IntArray(256)
    private var millis = LongArray(256)
    private var starts = IntArray(256)
    private var text = StringBuilder(1024)

    /** What the text builder holds on to between records, in chars (for tests of the trimming). */
    internal val retainedTextChars: Int
        get() = text.capacity()

    fun clear() {
        bytes.clear()
        count = 0
    }

    /**
     * Encodes [record] with [layout] as the next record, ending it with a newline, and returns true when the record is
     * in the batch. A [ByteLayout] writes straight into [bytes]; any other layout formats into a reused StringBuilder
     * first.
     *
     * Never throws. When the layout fails with any Throwable (an exception, an OutOfMemoryError, a record whose bytes
     * would not fit in an array) the bytes it wrote are taken back, the failure is reported, and the record is replaced
     * by the [MinimalLine]. When even that fails the record is left out: the result is false and the batch is exactly
     * as before the call (its buffers may have grown); the caller counts the record as lost.
     */
    fun add(record: LogRecord, layout: Layout, status: StatusReporter, label: String): Boolean {
        val start = bytes.size
        try {
            // Before any byte is written, so that nothing needs taking back when the index cannot grow.
            reserveIndexSlot()
        } catch (failure: Throwable) {
            status.report(
                "unwritable:$label",
                { "a record was left out of $label: no memory for the batch index" },
                failure,
            )
            return false
        }
        val failure = encode(record, layout, start)
        if (failure == null) {
            endRecord(record.epochMillis)
            return true
        }
        // Outside the catch block, once the failed record's bytes and text are given back.
        bytes.truncate(start)
        trimText()
        if (!replaceByMinimalLine(layout, record, failure, text, status, label)) return false
        try {
            bytes.append(text)
        } catch (second: Throwable) {
            bytes.truncate(start)
            status.report(
                "unwritable:$label",
                { "a record was left out of $label: its minimal line did not fit" },
                second,
            )
            return false
        }
        endRecord(record.epochMillis)
        return true
    }

    /** Appends [record]'s bytes, newline included; the failure, or null when it worked. */
    private fun encode(record: LogRecord, layout: Layout, start: Int): Throwable? =
        try {
            if (layout is ByteLayout) {
                layout.encode(record, bytes)
            } else {
                text.setLength(0)
                layout.format(record, text)
                bytes.append(text)
            }
            if (bytes.size == start || bytes.bytes[bytes.size - 1] != NEWLINE) bytes.appendAscii('\n')
            null
        } catch (failure: Throwable) {
            failure
        } finally {
            trimText()
        }

    /** Gives back what a huge record made the text builder take, as [Utf8Buffer.trimTo] does for the bytes. */
    private fun trimText() {
        if (text.capacity() > RETAINED_TEXT_CHARS) text = StringBuilder(1024)
    }

    private fun reserveIndexSlot() {
        if (count < sizes.size) return
        val capacity = count * 2
        // All three grow or none: a failure in between leaves arrays of different lengths that still all fit count.
        val newSizes = sizes.copyOf(capacity)
        val newMillis = millis.copyOf(capacity)
        val newStarts = starts.copyOf(capacity)
        sizes = newSizes
        millis = newMillis
        starts = newStarts
    }

    /** Marks the bytes appended since the previous record as record number [count]; [reserveIndexSlot] came first. */
    private fun endRecord(epochMillis: Long) {
        val start = if (count == 0) 0 else starts[count - 1] + sizes[count - 1]
        starts[count] = start
        sizes[count] = bytes.size - start
        millis[count] = epochMillis
        count++
    }

    /** Byte offset where record [record] starts; [count] gives the end of the batch. */
    fun start(record: Int): Int = if (record == count) bytes.size else starts[record]

    /** The planner's view of this batch (shares the arrays; valid until the batch changes). */
    fun forPlanner(): RecordBatch = RecordBatch(count, sizes, millis)

    /**
     * Forgets the first [written] records after a failure that happened once they were safely in a file, so a retry
     * never writes them twice.
     */
    fun dropFirst(written: Int) {
        if (written == 0) return
        val offset = start(written)
        bytes.dropFirst(offset)
        val remaining = count - written
        System.arraycopy(sizes, written, sizes, 0, remaining)
        System.arraycopy(millis, written, millis, 0, remaining)
        for (i in 0 until remaining) starts[i] = starts[i + written] - offset
        count = remaining
    }

    private companion object {
        const val NEWLINE = '\n'.code.toByte()

        /** A record's text larger than this (in chars) is not kept for the next one. */
        const val RETAINED_TEXT_CHARS = 1 shl 20
    }
}
