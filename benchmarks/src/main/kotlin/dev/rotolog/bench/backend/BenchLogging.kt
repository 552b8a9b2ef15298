package dev.rotolog.bench.backend

import java.nio.file.Path

/**
 * One logging backend as the benchmarks drive it: a logger per name that takes a finished message at INFO, and a
 * [close] that stops intake and writes everything still queued (rotolog's `close()`, logback's `LoggerContext.stop()`,
 * log4j2's `LogManager.shutdown()`), so "closed" means "every accepted record is in the file" for all of them.
 *
 * Implementations are created by class name ([Backend.open]) so that a child JVM whose class path holds only one
 * backend never loads the classes of another.
 */
interface BenchLogging : AutoCloseable {
    fun logger(name: String): LineLogger

    /**
     * Returns once the records logged so far have left the backend's queue for the file (or nearly: a peer's writer may
     * still be busy with the last one). Used between the warm-up and the measured run; synchronous backends have
     * nothing to wait for.
     */
    fun awaitWritten() {}

    /** Counters worth printing beside the result (rotolog's batches and lock times); empty when a peer has none. */
    fun stats(): Map<String, Long> = emptyMap()

    override fun close()
}

/** The call the benchmark makes per record: `info(message)` through the backend's own or SLF4J's API. */
fun interface LineLogger {
    fun info(message: String)
}

/**
 * Where and how a backend writes: the active file is `<dir>/<baseName>.log`; archives (when [rotation] is set) and the
 * backend's generated configuration live in [dir] too.
 */
class LogSetup
@JvmOverloads
constructor(
    val dir: Path,
    val rotation: Rotation?,
    /** The records a backend may hold between the callers and its writer (queue or ring buffer slots). */
    val queueCapacity: Int = QUEUE_CAPACITY,
    val baseName: String = "app",
) {
    val activeFile: Path
        get() = dir.resolve("$baseName.log")

    companion object {
        /** One capacity for every asynchronous backend, so no one wins by buffering more. */
        const val QUEUE_CAPACITY: Int = 65_536
    }
}

/**
 * Time and size rotation, the same for every backend that can do it. Only one-second and one-hour periods are offered:
 * they are what the multi-process comparison (every second) and the in-process benchmarks (hourly) use.
 */
class Rotation(val periodSeconds: Int, val maxBytes: Long) {
    init {
        require(periodSeconds == 1 || periodSeconds == 3600) {
            "rotation: periodSeconds must be 1 or 3600, not $periodSeconds"
        }
        require(maxBytes > 0) { "rotation: maxBytes must be positive" }
    }

    /** The date pattern of archive names (logback and log4j2 derive the period from it). */
    val datePattern: String
        get() = if (periodSeconds == 1) "yyyy-MM-dd_HH-mm-ss" else "yyyy-MM-dd_HH"

    override fun toString(): String =
        (if (periodSeconds == 1) "every second" else "hourly") + " + ${maxBytes / (1 shl 20)} MiB"

    companion object {
        @JvmField val EVERY_SECOND_8_MIB: Rotation = Rotation(1, 8L shl 20)
        @JvmField val HOURLY_64_MIB: Rotation = Rotation(3600, 64L shl 20)
    }
}

/**
 * The line every backend writes, as logback and log4j2 spell it: the same text as rotolog's
 * [dev.rotolog.testkit.RecordFormat.PATTERN].
 */
object LinePattern {
    /** `xxx` prints `+00:00` for UTC, like rotolog; `XXX` would print `Z`. */
    const val PEERS: String = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSxxx} %-5level [%thread] %logger - %msg%n"
}
