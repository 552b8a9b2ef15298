package dev.rotolog

import dev.rotolog.console.ConsoleWriter
import dev.rotolog.internal.LockFilePermissions
import dev.rotolog.lock.RealPaths
import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.LogLocation
import dev.rotolog.writer.TargetWriter
import dev.rotolog.writer.WriterCounters
import dev.rotolog.writer.Writers
import java.time.Clock

/** One running target of an owner: the same calls whether records go to a shared file or to the console. */
internal sealed class TargetHandle {
    abstract val config: TargetConfig
    abstract val counters: WriterCounters

    /** Hands [record] over following the target's overflow policy; never throws. */
    abstract fun offer(record: LogRecord): Boolean

    /** Like [offer]; suspends instead of blocking under [OverflowPolicy.SUSPEND]. */
    abstract suspend fun offerSuspending(record: LogRecord): Boolean

    abstract fun flush(): Boolean

    /** Drains and releases this owner's use of the target. */
    abstract fun close()

    class File(override val config: FileTargetConfig, clock: Clock, status: StatusReporter) : TargetHandle() {
        val writer: TargetWriter

        init {
            LogLocation.check(config.path, config.permissions)
            // The lock layer opens the sidecar by path alone; tell it the mode to create it with first.
            val log = RealPaths.of(config.path, config.permissions)
            LockFilePermissions.register(log.resolveSibling("${log.fileName}.lock"), config.permissions)
            writer = Writers.acquire(config, clock, status)
        }

        override val counters: WriterCounters get() = writer.counters

        override fun offer(record: LogRecord): Boolean = writer.offer(record, config.overflow, config.blockTimeout)

        override suspend fun offerSuspending(record: LogRecord): Boolean =
            writer.offerSuspending(record, config.overflow, config.blockTimeout)

        override fun flush(): Boolean = writer.flush(config.closeTimeout)

        override fun close() {
            Writers.release(writer, config.closeTimeout)
        }
    }

    class Console(override val config: ConsoleTargetConfig, status: StatusReporter) : TargetHandle() {
        private val writer = ConsoleWriter(config, status)

        override val counters: WriterCounters get() = writer.counters

        override fun offer(record: LogRecord): Boolean = writer.offer(record, config.overflow, config.blockTimeout)

        override suspend fun offerSuspending(record: LogRecord): Boolean =
            writer.offerSuspending(record, config.overflow, config.blockTimeout)

        override fun flush(): Boolean = writer.flush(config.closeTimeout)

        override fun close() {
            writer.shutdown(config.closeTimeout)
        }
    }
}
