package dev.rotolog

import dev.rotolog.archive.ArchiveSettings
import dev.rotolog.config.SettingValues
import dev.rotolog.config.TargetSettings
import dev.rotolog.internal.LoggerRoutes
import dev.rotolog.layout.Layout
import dev.rotolog.rotation.RotationSettings
import java.io.PrintStream
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.time.Clock
import kotlin.time.Duration

/**
 * A validated, immutable rotolog configuration: levels per logger-name prefix and the targets records go to.
 *
 * Build one with [rotologConfig] (Kotlin) and start it with [Rotolog.start], or do both at once with [rotolog].
 */
public class RotologConfig
internal constructor(
    /** The level of loggers whose name matches no configured prefix. */
    public val rootLevel: Level,
    /** Levels per logger-name prefix; the longest matching prefix wins. */
    public val loggerLevels: Map<String, Level>,
    /** The file targets, in configuration order. */
    public val files: List<FileTargetConfig>,
    /** The clock that stamps records and decides rotation; the system clock unless a test injects one. */
    public val clock: Clock,
    /** Whether a JVM shutdown hook closes (and so drains) the owner at exit. */
    public val shutdownHook: Boolean,
    /** The console targets, in configuration order. */
    public val consoles: List<ConsoleTargetConfig> = emptyList(),
    /** The per-process key that `{key}` in file paths stood for, or null when none was set. */
    public val processKey: String? = null,
) {
    /** Every target: the [files] first, then the [consoles]. */
    public val targets: List<TargetConfig>
        get() = files + consoles
}

/**
 * What every target has: how records become text, which loggers it takes, and what a log call does when the target's
 * queue is full.
 */
public sealed interface TargetConfig {
    /** How records become text. */
    public val layout: Layout

    /** The lowest level this target writes; records below it are not handed to it. */
    public val level: Level

    /**
     * Logger-name prefixes this target takes (a name matches a prefix when it equals it or starts with it and a dot).
     * Empty: every logger not in [excludedLoggers].
     */
    public val loggers: Set<String>

    /** Logger-name prefixes this target does not take; the longest matching prefix of both sets decides. */
    public val excludedLoggers: Set<String>

    /** What a log call does when the queue is full. */
    public val overflow: OverflowPolicy

    /** How many records may wait for the writer before [overflow] applies. */
    public val queueCapacity: Int

    /** How long a blocking call waits for room under [OverflowPolicy.BLOCK] before the record is dropped. */
    public val blockTimeout: Duration

    /** How long [Rotolog.close] and the shutdown hook wait for queued records to be written. */
    public val closeTimeout: Duration

    /** True when records of the logger named [loggerName] go to this target (ignoring levels). */
    public fun takes(loggerName: String): Boolean = LoggerRoutes.takes(loggers, excludedLoggers, loggerName)
}

/** The settings of one file target. Built inside [RotologBuilder.file]. */
public class FileTargetConfig
internal constructor(
    /**
     * The active log file, with the placeholders of [pathTemplate] expanded; archives and the `.lock` sidecar live
     * beside it.
     */
    public val path: Path,
    /** The path as configured, before `{pid}`, `{host}` and `{key}` were expanded into [path]. */
    public val pathTemplate: String,
    override val layout: Layout,
    /** When the file rotates; null when it never does. */
    public val rotation: RotationSettings?,
    /**
     * The mode rotolog creates the active file, the lock file and the archives with, or null for the JDK's default
     * (0666 narrowed by the umask). Existing files keep their mode.
     */
    public val permissions: Set<PosixFilePermission>?,
    /**
     * Compression and retention of the archives; [ArchiveSettings.compress] false and every archive kept by default.
     */
    public val archiving: ArchiveSettings,
    /** Every other setting, read through the schema ([TargetSettings]). */
    internal val settings: SettingValues,
) : TargetConfig {
    override val level: Level
        get() = settings[TargetSettings.level]

    override val loggers: Set<String>
        get() = settings[TargetSettings.loggers].toSet()

    override val excludedLoggers: Set<String>
        get() = settings[TargetSettings.excludeLoggers].toSet()

    override val overflow: OverflowPolicy
        get() = settings[TargetSettings.overflow]

    override val queueCapacity: Int
        get() = settings[TargetSettings.queueCapacity]

    override val blockTimeout: Duration
        get() = settings[TargetSettings.blockTimeout]

    override val closeTimeout: Duration
        get() = settings[TargetSettings.closeTimeout]

    /** How far each batch is pushed towards the disk before the lock is released. */
    public val durability: Durability
        get() = settings[TargetSettings.durability]

    /** The most records the writer takes into one batch (one lock acquisition). */
    public val maxBatchRecords: Int
        get() = settings[TargetSettings.maxBatchRecords]

    override fun toString(): String = "FileTargetConfig($path)"
}

/** The settings of one console target. Built inside [RotologBuilder.console]. */
public class ConsoleTargetConfig
internal constructor(
    override val layout: Layout,
    internal val settings: SettingValues,
    /** Replaces [stream] in tests. */
    internal val sink: PrintStream? = null,
) : TargetConfig {
    /** Where the records go. */
    public val stream: ConsoleStream
        get() = settings[TargetSettings.stream]

    override val level: Level
        get() = settings[TargetSettings.level]

    override val loggers: Set<String>
        get() = settings[TargetSettings.loggers].toSet()

    override val excludedLoggers: Set<String>
        get() = settings[TargetSettings.excludeLoggers].toSet()

    override val overflow: OverflowPolicy
        get() = settings[TargetSettings.overflow]

    override val queueCapacity: Int
        get() = settings[TargetSettings.queueCapacity]

    override val blockTimeout: Duration
        get() = settings[TargetSettings.blockTimeout]

    override val closeTimeout: Duration
        get() = settings[TargetSettings.closeTimeout]

    internal fun withSink(sink: PrintStream): ConsoleTargetConfig = ConsoleTargetConfig(layout, settings, sink)

    override fun toString(): String = "ConsoleTargetConfig($stream)"
}

/** The stream a console target writes to. */
public enum class ConsoleStream {
    /** The process's standard output, `System.out` as it is when the owner starts. The default. */
    STDOUT,

    /**
     * The process's standard error, `System.err` as it is when the owner starts. Choose it when standard output carries
     * the program's own data, or for a console target that shows only warnings and errors.
     */
    STDERR,
}
