package dev.rotolog.internal

import dev.rotolog.ConsoleTargetConfig
import dev.rotolog.FileTargetConfig
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.TargetConfig
import dev.rotolog.console.ConsoleWriter
import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.LogLocation
import dev.rotolog.writer.RecordIntake
import dev.rotolog.writer.WriterCounters
import dev.rotolog.writer.Writers
import java.time.Clock

/**
 * One running target of an owner: the same calls whether records go to a shared file or to the console, with the
 * target's overflow policy and timeouts applied.
 */
internal class TargetHandle
private constructor(
    val config: TargetConfig,
    private val writer: RecordIntake,
    /** Drains and releases this owner's use of the writer. */
    private val release: () -> Unit,
) {
    val counters: WriterCounters
        get() = writer.counters

    /** Hands [record] over following the target's overflow policy; never throws. */
    fun offer(record: LogRecord): Boolean = writer.offer(record, config.overflow, config.blockTimeout)

    /** Like [offer]; suspends instead of blocking under [OverflowPolicy.SUSPEND]. */
    suspend fun offerSuspending(record: LogRecord): Boolean =
        writer.offerSuspending(record, config.overflow, config.blockTimeout)

    fun flush(): Boolean = writer.flush(config.closeTimeout)

    /** Drains and releases this owner's use of the target. */
    fun close() {
        release()
    }

    companion object {
        /** A file target: its writer is shared with every owner in this JVM that writes the file alike. */
        fun file(
            config: FileTargetConfig,
            clock: Clock,
            status: StatusReporter,
            environment: Environment,
        ): TargetHandle {
            LogLocation.check(config.path, config.permissions)
            val writer = Writers.acquire(config, clock, status, environment)
            return TargetHandle(config, writer) { Writers.release(writer, config.closeTimeout) }
        }

        /** A console target: a writer of its own. */
        fun console(config: ConsoleTargetConfig, status: StatusReporter): TargetHandle {
            val writer = ConsoleWriter(config, status)
            return TargetHandle(config, writer) { writer.shutdown(config.closeTimeout) }
        }
    }
}
