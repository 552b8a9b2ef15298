package dev.rotolog.slf4j

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.Logger
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset

/** A rotolog logger that keeps what it is given, for looking at records without a file. */
internal class RecordingLogger(override val name: String, private val threshold: Level = Level.TRACE) : Logger {
    val records = ArrayList<LogRecord>()

    override fun isEnabled(level: Level): Boolean = threshold.accepts(level)

    override fun log(level: Level, throwable: Throwable?, message: String) {
        if (isEnabled(level)) records += LogRecord(0L, level, name, message, throwable)
    }

    override fun log(record: LogRecord) {
        if (isEnabled(record.level)) records += record
    }

    companion object {
        val FIXED_CLOCK: Clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC)

        /** A bridge logger over a new [RecordingLogger]. */
        fun adapter(
            name: String = "test.adapter",
            threshold: Level = Level.TRACE,
            callerBoundarySink: ((String) -> Unit)? = null,
        ): Pair<RotologSlf4jLogger, RecordingLogger> {
            val recording = RecordingLogger(name, threshold)
            return RotologSlf4jLogger(name, Slf4jTarget(recording, FIXED_CLOCK), callerBoundarySink) to recording
        }
    }
}

/**
 * Finds the caller's frame from a caller boundary as location capture will: skip frames until one of the boundary
 * class, skip the boundary's frames, and the next frame is the caller.
 */
internal object CallerFrames {
    fun callerOf(boundary: String): StackTraceElement? =
        StackWalker.getInstance().walk { frames ->
            var inBoundary = false
            for (frame in frames) {
                if (frame.className == boundary) {
                    inBoundary = true
                } else if (inBoundary) {
                    return@walk frame.toStackTraceElement()
                }
            }
            null
        }

    /** The line this is called from. */
    fun here(): Int = StackWalker.getInstance().walk { it.skip(1).findFirst().get().lineNumber }
}
