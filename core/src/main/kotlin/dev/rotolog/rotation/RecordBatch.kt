package dev.rotolog.rotation

/**
 * What the planner needs to know about a batch the writer is about to write: for each of the first [count] records, in
 * write order, its encoded size in bytes and when it was made.
 *
 * The arrays may be longer than [count], so the writer can keep and reuse them from batch to batch.
 */
internal class RecordBatch(
    val count: Int,
    /** Encoded size of each record, in bytes, as it will be written (line separator included). */
    val sizes: IntArray,
    /** When each record was made, in epoch milliseconds ([dev.rotolog.LogRecord.epochMillis]). */
    val createdMillis: LongArray,
) {
    init {
        require(count >= 0 && count <= sizes.size && count <= createdMillis.size) {
            "count $count does not fit arrays of ${sizes.size} sizes and ${createdMillis.size} times"
        }
    }

    companion object {
        /** No records: a rotation check from the ticker, or at start. */
        val EMPTY: RecordBatch = RecordBatch(0, IntArray(0), LongArray(0))
    }
}
