package dev.rotolog

import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.RotationSettings
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Clock
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Marks rotolog's configuration builders so an inner block cannot silently set an outer block's settings. */
@DslMarker
public annotation class RotologDsl

/** Builds and starts a [Rotolog] owner from a configuration block. Close it (or let the shutdown hook) at exit. */
public fun rotolog(block: RotologBuilder.() -> Unit): Rotolog = Rotolog.start(rotologConfig(block))

/** Builds a validated [RotologConfig]; a wrong value throws [IllegalArgumentException] naming the setting. */
public fun rotologConfig(block: RotologBuilder.() -> Unit): RotologConfig = RotologBuilder().apply(block).build()

/** The top level of the configuration DSL. */
@RotologDsl
public class RotologBuilder internal constructor() {
    /** The level of every logger whose name matches no [logger] block. Default [Level.INFO]. */
    public var level: Level = Level.INFO

    /** The clock that stamps records and drives rotation. Default: the system clock in the system zone. */
    public var clock: Clock = Clock.systemDefaultZone()

    /** Whether a JVM shutdown hook drains and closes the owner at exit. Default true. */
    public var shutdownHook: Boolean = true

    private val loggerLevels = LinkedHashMap<String, Level>()
    private val files = ArrayList<FileTargetBuilder>()

    /** Sets the level of loggers whose name is [prefix] or starts with "[prefix]."; the most specific wins. */
    public fun logger(prefix: String, block: LoggerBuilder.() -> Unit) {
        require(prefix.isNotBlank()) { "logger: the prefix must not be blank" }
        val builder = LoggerBuilder().apply(block)
        loggerLevels[prefix] = builder.level
    }

    /** Adds a file target at [path]. */
    public fun file(path: String, block: FileTargetBuilder.() -> Unit = {}) {
        file(Paths.get(path), block)
    }

    /** Adds a file target at [path]. */
    public fun file(path: Path, block: FileTargetBuilder.() -> Unit = {}) {
        files += FileTargetBuilder(path).apply(block)
    }

    internal fun build(): RotologConfig {
        val targets = files.map { it.build() }
        val duplicates = targets.groupBy { it.path.toAbsolutePath().normalize() }.filterValues { it.size > 1 }.keys
        require(duplicates.isEmpty()) { "file: ${duplicates.first()} is configured twice; configure each file once" }
        return RotologConfig(level, loggerLevels.toMap(), targets, clock, shutdownHook)
    }
}

/** Settings of the loggers under one name prefix. */
@RotologDsl
public class LoggerBuilder internal constructor() {
    public var level: Level = Level.INFO
}

/** Settings of one file target. */
@RotologDsl
public class FileTargetBuilder internal constructor(private val path: Path) {
    /** How records become text. Default: [PatternLayout] with its default pattern. */
    public var layout: Layout = PatternLayout()

    /** What a log call does when the queue is full. Default [OverflowPolicy.BLOCK]. */
    public var overflow: OverflowPolicy = OverflowPolicy.BLOCK

    /** How many records may wait for the writer. Default 65,536. */
    public var queueCapacity: Int = 65_536

    /** The longest a blocking call waits for room under [OverflowPolicy.BLOCK]. Default 5 seconds. */
    public var blockTimeout: Duration = 5.seconds

    /** Default [Durability.PROCESS_CRASH]. */
    public var durability: Durability = Durability.PROCESS_CRASH

    /** The most records in one batch. Default 8,192. */
    public var maxBatchRecords: Int = 8_192

    /** How long closing waits for queued records. Default 10 seconds. */
    public var closeTimeout: Duration = 10.seconds

    private var rotate: RotateBuilder? = null

    /** Rotates this file on time, size or both; see [RotateBuilder]. Without it the file is never rotated. */
    public fun rotate(block: RotateBuilder.() -> Unit) {
        rotate = RotateBuilder("file(\"$path\").rotate").apply(block)
    }

    internal fun build(): FileTargetConfig {
        val name = "file(\"$path\")"
        require(path.fileName != null && path.fileName.toString().isNotEmpty()) {
            "$name: the path names no file; give a file name such as logs/app.log"
        }
        require(queueCapacity in 1..MAX_QUEUE) {
            "$name.queueCapacity: $queueCapacity is out of range; use 1 to $MAX_QUEUE"
        }
        require(maxBatchRecords in 1..MAX_QUEUE) {
            "$name.maxBatchRecords: $maxBatchRecords is out of range; use 1 to $MAX_QUEUE"
        }
        require(blockTimeout.isPositive() && blockTimeout.isFinite()) {
            "$name.blockTimeout: $blockTimeout is not allowed; use a positive, finite duration"
        }
        require(closeTimeout.isPositive() && closeTimeout.isFinite()) {
            "$name.closeTimeout: $closeTimeout is not allowed; use a positive, finite duration"
        }
        return FileTargetConfig(
            path = path,
            layout = layout,
            overflow = overflow,
            queueCapacity = queueCapacity,
            blockTimeout = blockTimeout,
            durability = durability,
            maxBatchRecords = maxBatchRecords,
            closeTimeout = closeTimeout,
            rotation = rotate?.build(),
        )
    }

    private companion object {
        const val MAX_QUEUE = 1 shl 24
    }
}
