package dev.rotolog

import dev.rotolog.layout.Layout
import dev.rotolog.rotation.RotationSettings
import dev.rotolog.writer.LogFileIo
import java.nio.file.Path
import java.time.Clock
import kotlin.time.Duration

/**
 * A validated, immutable rotolog configuration: levels per logger-name prefix and the targets records go to.
 *
 * Build one with [rotologConfig] (Kotlin) and start it with [Rotolog.start], or do both at once with [rotolog].
 */
public class RotologConfig internal constructor(
    /** The level of loggers whose name matches no configured prefix. */
    public val rootLevel: Level,
    /** Levels per logger-name prefix; the longest matching prefix wins. */
    public val loggerLevels: Map<String, Level>,
    /** The file targets; every logger writes to all of them. */
    public val files: List<FileTargetConfig>,
    /** The clock that stamps records and decides rotation; the system clock unless a test injects one. */
    public val clock: Clock,
    /** Whether a JVM shutdown hook closes (and so drains) the owner at exit. */
    public val shutdownHook: Boolean,
)

/** The settings of one file target. Built inside [RotologBuilder.file]. */
public class FileTargetConfig internal constructor(
    /** The active log file; archives and the `.lock` sidecar live beside it. */
    public val path: Path,
    public val layout: Layout,
    public val overflow: OverflowPolicy,
    /** How many records may wait for the writer before [overflow] applies. */
    public val queueCapacity: Int,
    /** How long a blocking call waits for room under [OverflowPolicy.BLOCK] before the record is dropped. */
    public val blockTimeout: Duration,
    public val durability: Durability,
    /** The most records the writer takes into one batch (one lock acquisition). */
    public val maxBatchRecords: Int,
    /** How long [Rotolog.close] and the shutdown hook wait for queued records to be written. */
    public val closeTimeout: Duration,
    internal val io: LogFileIo = LogFileIo.Default,
    /** When the file rotates; null when it never does. */
    public val rotation: RotationSettings? = null,
) {
    internal fun withIo(io: LogFileIo): FileTargetConfig =
        FileTargetConfig(
            path, layout, overflow, queueCapacity, blockTimeout, durability, maxBatchRecords, closeTimeout, io, rotation,
        )
}
