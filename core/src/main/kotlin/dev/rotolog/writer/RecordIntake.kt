package dev.rotolog.writer

import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import kotlin.time.Duration

/** How an owner hands records to a writer, whether it writes a shared file or the console. */
internal interface RecordIntake {
    val counters: WriterCounters

    /** Hands [record] over following [policy], waiting at most [blockTimeout]; never throws. */
    fun offer(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean

    /** Like [offer] for suspending callers: under [OverflowPolicy.SUSPEND] it suspends until there is room. */
    suspend fun offerSuspending(record: LogRecord, policy: OverflowPolicy, blockTimeout: Duration): Boolean

    /** Waits until every record accepted before this call is written; false when [timeout] passed first. */
    fun flush(timeout: Duration): Boolean
}
