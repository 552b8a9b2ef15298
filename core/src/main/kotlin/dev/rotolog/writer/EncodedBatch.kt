package dev.rotolog.writer

import dev.rotolog.LogRecord
import dev.rotolog.layout.ByteLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.Utf8Buffer
import dev.rotolog.rotation.RecordBatch
import dev.rotolog.status.StatusReporter

/**
 * One batch of records, encoded back to back into a reused buffer, with each record's size and creation time,
 * so a batch can be split at record boundaries (size rotation, a boundary inside the batch).
 */
internal class EncodedBatch {
    val bytes = Utf8Buffer()
    var count: Int = 0
        private set
    private var sizes = IntArray(256)
    private var millis = LongArray(256)
    private var starts = IntArray(256)
    private val text = StringBuilder(1024)

    fun clear() {
        bytes.clear()
        count = 0
    }

    /**
     * Encodes [record] with [layout] as the next record, ending it with a newline. A [ByteLayout] writes straight
     * into [bytes]; any other layout goes through [formatRecord]. A layout that throws is reported and replaced by
     * a minimal line as [formatRecord] does it, after the bytes it wrote of the record are taken back.
     */
    fun add(record: LogRecord, layout: Layout, status: StatusReporter, label: String) {
        val start = bytes.size
        if (layout is ByteLayout) {
            try {
                layout.encode(record, bytes)
            } catch (failure: Throwable) {
                bytes.truncate(start)
                formatRecord(Rethrowing(failure), record, text, status, label)
                bytes.append(text)
            }
            if (bytes.size == start || bytes.bytes[bytes.size - 1] != NEWLINE) bytes.appendAscii('\n')
        } else {
            formatRecord(layout, record, text, status, label)
            bytes.append(text)
        }
        endRecord(record.epochMillis)
    }

    /** Marks the bytes appended since the previous record as record number [count]. */
    fun endRecord(epochMillis: Long) {
        if (count == sizes.size) {
            val capacity = count * 2
            sizes = sizes.copyOf(capacity)
            millis = millis.copyOf(capacity)
            starts = starts.copyOf(capacity)
        }
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
     * Forgets the first [written] records after a failure that happened once they were safely in a file, so a
     * retry never writes them twice.
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

    /** Hands a [ByteLayout]'s failure to [formatRecord], so reporting and the minimal line have one home. */
    private class Rethrowing(private val failure: Throwable) : Layout {
        override fun format(record: LogRecord, out: StringBuilder): Unit = throw failure
    }

    private companion object {
        const val NEWLINE = '\n'.code.toByte()
    }
}
