package dev.rotolog.writer

/**
 * One batch of records, encoded back to back into a reused buffer, with where each record ends and when it was
 * made, so a batch can be split at record boundaries (size rotation, a boundary inside the batch).
 */
internal class EncodedBatch {
    val bytes = Utf8Buffer()
    var count: Int = 0
        private set
    private var ends = IntArray(256)
    private var millis = LongArray(256)
    private var nanos = LongArray(256)

    fun clear() {
        bytes.clear()
        count = 0
    }

    /** Marks the bytes appended since the previous record as record number [count]. */
    fun endRecord(epochMillis: Long, createdNanos: Long) {
        if (count == ends.size) {
            val capacity = count * 2
            ends = ends.copyOf(capacity)
            millis = millis.copyOf(capacity)
            nanos = nanos.copyOf(capacity)
        }
        ends[count] = bytes.size
        millis[count] = epochMillis
        nanos[count] = createdNanos
        count++
    }

    fun start(record: Int): Int = if (record == 0) 0 else ends[record - 1]

    fun end(record: Int): Int = ends[record]

    fun size(record: Int): Int = end(record) - start(record)

    fun epochMillis(record: Int): Long = millis[record]

    fun createdNanos(record: Int): Long = nanos[record]
}
