package dev.rotolog

/**
 * One log event, as it is handed from a caller to the writer.
 *
 * Everything in it is fixed on the caller's thread when the record is made: the message text, the thread name and a
 * snapshot of the context, so the writer formats exactly what the caller saw. Instances are immutable apart from the
 * [throwable], which is kept by reference as every logger does.
 */
public class LogRecord(
    /** When the record was made, in milliseconds since the epoch, read from the owner's clock. */
    public val epochMillis: Long,
    public val level: Level,
    public val loggerName: String,
    public val message: String,
    public val throwable: Throwable? = null,
    public val threadName: String = Thread.currentThread().name,
    /** Context fields (MDC, coroutine log context) as they were when the record was made. */
    public val context: Map<String, String> = emptyMap(),
    /** Structured key-value pairs attached to this record only (SLF4J's fluent API), in the order given. */
    public val keyValues: List<Pair<String, Any?>> = emptyList(),
    /** Names of the markers attached to the record. */
    public val markers: List<String> = emptyList(),
) {
    /** The JVM's monotonic time when the record was made; measures how late a record is written. */
    internal val createdNanos: Long = System.nanoTime()

    override fun toString(): String = "LogRecord($level $loggerName: $message)"
}
