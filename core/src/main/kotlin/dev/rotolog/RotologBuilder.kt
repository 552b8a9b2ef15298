package dev.rotolog

import dev.rotolog.config.DslSpelling
import dev.rotolog.config.Problem
import dev.rotolog.config.Scope
import dev.rotolog.config.Setting
import dev.rotolog.config.Spelling
import dev.rotolog.config.TargetSettings
import dev.rotolog.config.TargetSpec
import dev.rotolog.config.collisions
import dev.rotolog.internal.PathTemplate
import dev.rotolog.layout.DEFAULT_PATTERN
import dev.rotolog.layout.JsonLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import java.nio.file.Path
import java.time.Clock
import java.time.ZoneId
import java.time.ZoneOffset
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty
import kotlin.time.Duration

/** Marks rotolog's configuration builders so an inner block cannot silently set an outer block's settings. */
@DslMarker public annotation class RotologDsl

/** Builds and starts a [Rotolog] owner from a configuration block. Close it (or let the shutdown hook) at exit. */
public fun rotolog(block: RotologBuilder.() -> Unit): Rotolog = Rotolog.start(rotologConfig(block))

/**
 * Builds a validated [RotologConfig]; a wrong value throws [IllegalArgumentException] whose message names the setting,
 * the value and what is allowed, e.g. `file("logs/app.log").queueCapacity: 0 is out of range; use 1 to 16777216`.
 */
public fun rotologConfig(block: RotologBuilder.() -> Unit): RotologConfig = RotologBuilder().apply(block).build()

/**
 * The top level of the configuration DSL: levels per logger-name prefix, and the targets.
 *
 * ```
 * rotolog {
 *     level = Level.INFO
 *     logger("com.example") {
 *         level = Level.WARN
 *         logger("db") { level = Level.DEBUG }          // com.example.db
 *     }
 *     file("logs/app.log") { rotate { every(1, HOURS) } }
 *     file("logs/audit.log") { loggers("com.example.audit"); layout = json() }
 *     console { level = Level.WARN }
 * }
 * ```
 *
 * Every logger writes to every target that takes it (see [TargetBuilder.loggers]); at least one target is required.
 */
@RotologDsl
public class RotologBuilder internal constructor() {
    /** The level of every logger whose name matches no [logger] block. Default [Level.INFO]. */
    public var level: Level = Level.INFO

    /** The clock that stamps records and drives rotation. Default: the system clock in the system zone. */
    public var clock: Clock = Clock.systemDefaultZone()

    /** Whether a JVM shutdown hook drains and closes the owner at exit. Default true. */
    public var shutdownHook: Boolean = true

    /**
     * The per-process key that `{key}` in a file path stands for, e.g. `"worker-3"` with `file("logs/app-{key}.log")`
     * for one file per process. It is sanitized before use (see [file]). Default: the system property
     * `rotolog.processKey`, or none; a path with `{key}` and no key fails at build time.
     */
    public var processKey: String? = System.getProperty(PathTemplate.KEY_PROPERTY)

    private val loggers = ArrayList<LoggerBuilder>()

    /** The targets in configuration order, whichever front-end described them. */
    internal val targets = ArrayList<TargetSpec>()

    /** Where `{pid}` and `{host}` come from; tests replace them. */
    internal var templateValues: PathTemplate.Values = PathTemplate.processValues

    /**
     * Configures the loggers whose name is [prefix] or starts with "[prefix]." (`com.example` covers
     * `com.example.db.Pool`, not `com.examples`); the most specific prefix wins. Blocks nest: `logger("com.example") {
     * logger("db") { } }` configures `com.example.db`.
     */
    public fun logger(prefix: String, block: LoggerBuilder.() -> Unit) {
        loggers += LoggerBuilder(prefix).apply(block)
    }

    /**
     * Adds a file target at [path]. The path may contain `{pid}`, `{host}` and `{key}` (the [processKey]); each value
     * is sanitized so it stays one file name component inside the configured directory: letters, digits, `-` and inner
     * dots stay, anything else (`/`, `..` at the start, NUL, non-ASCII) is hex-encoded as `_hh`, an empty value becomes
     * `_`, and values longer than 64 characters are cut and end with a hash.
     */
    public fun file(path: String, block: FileTargetBuilder.() -> Unit = {}) {
        targets += FileTargetBuilder(path).apply(block).spec
    }

    /** Adds a file target at [path]; see the overload taking a string. */
    public fun file(path: Path, block: FileTargetBuilder.() -> Unit = {}) {
        file(path.toString(), block)
    }

    /** Adds a console target, standard output unless [ConsoleTargetBuilder.stream] says otherwise. */
    public fun console(block: ConsoleTargetBuilder.() -> Unit = {}) {
        targets += ConsoleTargetBuilder().apply(block).spec
    }

    /** Adds a logger-prefix block; the Java builder and the properties reader use it. */
    internal fun logger(prefix: String, level: Level) {
        loggers += LoggerBuilder(prefix).apply { this.level = level }
    }

    internal fun build(): RotologConfig = build(DslSpelling, null)!!

    /**
     * The validated configuration, with problems named in [spelling]. With [problems] null the first problem is thrown;
     * otherwise every problem is added to it and the result is null when there was one.
     */
    internal fun build(spelling: Spelling, problems: MutableList<Problem>?): RotologConfig? {
        val found = ArrayList<Problem>()
        val levels = LinkedHashMap<String, Level>()
        try {
            for (logger in loggers) logger.collect(null, levels)
            require(targets.isNotEmpty()) {
                "rotolog: no target is configured; add file(\"logs/app.log\") or console()"
            }
        } catch (e: IllegalArgumentException) {
            found += Problem("", e.message ?: e.toString())
        }
        val values = PathTemplate.Values(templateValues.pid, templateValues.host, processKey)
        val files = ArrayList<Pair<TargetSpec, FileTargetConfig>>()
        val consoles = ArrayList<ConsoleTargetConfig>()
        for (target in targets) {
            when (target.kind) {
                Scope.CONSOLE -> target.resolveConsole(spelling, found)?.let { consoles += it }
                else -> target.resolveFile(spelling, values, found)?.let { files += target to it }
            }
        }
        found += collisions(files.map { (spec, file) -> spec to file.path }, spelling)
        if (found.isNotEmpty()) {
            if (problems == null) throw IllegalArgumentException(found.first().message)
            problems += found
            return null
        }
        return RotologConfig(level, levels.toMap(), files.map { it.second }, clock, shutdownHook, consoles, processKey)
    }
}

/**
 * The settings of the loggers under one name prefix, and of nested prefixes below it.
 *
 * Without [level] the block only groups nested blocks; the loggers under it keep the level of the next less specific
 * prefix.
 */
@RotologDsl
public class LoggerBuilder internal constructor(private val name: String) {
    /** The level of the loggers under this prefix; null (the default) keeps the level of the enclosing prefix. */
    public var level: Level? = null

    private val children = ArrayList<LoggerBuilder>()

    /** Configures the loggers under "<this prefix>.[name]"; [name] may itself contain dots. */
    public fun logger(name: String, block: LoggerBuilder.() -> Unit) {
        children += LoggerBuilder(name).apply(block)
    }

    internal fun collect(parent: String?, into: MutableMap<String, Level>) {
        val setting = if (parent == null) "logger(\"$name\")" else "logger(\"$parent\").logger(\"$name\")"
        require(LoggerNames.isValidPrefix(name)) {
            "$setting: \"$name\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db"
        }
        val full = if (parent == null) name else "$parent.$name"
        require(level != null || children.isNotEmpty()) {
            "$setting: the block sets no level and nests no logger; set level = Level.DEBUG (or another level)"
        }
        level?.let { configured ->
            val earlier = into.put(full, configured)
            require(earlier == null) {
                "logger(\"$full\"): configured twice ($earlier and $configured); configure each prefix once"
            }
        }
        for (child in children) child.collect(full, into)
    }
}

/** What a valid logger-name prefix is, for the DSL, routing and runtime level changes. */
internal object LoggerNames {
    const val RULE: String =
        "is not a logger name prefix; use dot-separated names without spaces, such as com.example.db"

    fun isValidPrefix(name: String): Boolean =
        name.isNotEmpty() &&
            !name.startsWith('.') &&
            !name.endsWith('.') &&
            !name.contains("..") &&
            name.none { it.isWhitespace() || it.isISOControl() }

    fun check(setting: String, prefix: String) {
        require(isValidPrefix(prefix)) {
            "$setting: \"$prefix\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db"
        }
    }
}

/** The settings every target has: layout, level, which loggers, and queueing. */
@RotologDsl
public sealed class TargetBuilder {
    internal abstract val spec: TargetSpec
    internal val name: String
        get() = DslSpelling.target(spec)

    private fun <T> setting(setting: Setting<T>): ReadWriteProperty<Any?, T> =
        object : ReadWriteProperty<Any?, T> {
            override fun getValue(thisRef: Any?, property: KProperty<*>): T = spec.values[setting]

            override fun setValue(thisRef: Any?, property: KProperty<*>, value: T) {
                spec.values[setting] = value
            }
        }

    /**
     * How records become text: [pattern] (the default, with its default pattern), [json], or a [Layout] of your own.
     */
    public var layout: Layout
        get() = spec.values[TargetSettings.layout] ?: PatternLayout().also { spec.values[TargetSettings.layout] = it }
        set(value) {
            spec.values[TargetSettings.layout] = value
        }

    /**
     * The lowest level this target writes, on top of the loggers' levels: `console { level = Level.WARN }` shows only
     * warnings and errors while the file gets everything the loggers accept. Default [Level.TRACE].
     */
    public var level: Level by setting(TargetSettings.level)

    /** What a log call does when the queue is full; see [OverflowPolicy]. Default [OverflowPolicy.BLOCK]. */
    public var overflow: OverflowPolicy by setting(TargetSettings.overflow)

    /** How many records may wait for the writer. Default 65,536. */
    public var queueCapacity: Int by setting(TargetSettings.queueCapacity)

    /** The longest a blocking call waits for room under [OverflowPolicy.BLOCK]. Default 5 seconds. */
    public var blockTimeout: Duration by setting(TargetSettings.blockTimeout)

    /** How long closing waits for queued records. Default 10 seconds. */
    public var closeTimeout: Duration by setting(TargetSettings.closeTimeout)

    /**
     * Makes this target take only the loggers under [prefixes] (and the ones of other calls). Without any call it takes
     * every logger. Combined with [excludeLoggers], the longest matching prefix decides.
     */
    public fun loggers(vararg prefixes: String) {
        spec.values[TargetSettings.loggers] = (spec.values[TargetSettings.loggers] + prefixes).distinct()
    }

    /** Keeps the loggers under [prefixes] out of this target, e.g. a noisy library, or an audit log kept apart. */
    public fun excludeLoggers(vararg prefixes: String) {
        spec.values[TargetSettings.excludeLoggers] = (spec.values[TargetSettings.excludeLoggers] + prefixes).distinct()
    }

    /** A JSON-lines layout with ECS field names; see [JsonLayout]. */
    public fun json(zone: ZoneId = ZoneOffset.UTC): Layout = JsonLayout(zone)

    /**
     * A text layout; see [PatternLayout]. [perLevel] gives levels a pattern of their own, e.g. `mapOf(Level.ERROR to
     * "%d %-5level %logger - %msg%ctx%ex%n")`.
     */
    public fun pattern(
        pattern: String = DEFAULT_PATTERN,
        zone: ZoneId = ZoneId.systemDefault(),
        escapeLineBreaks: Boolean = true,
        perLevel: Map<Level, String> = emptyMap(),
    ): Layout {
        TargetSettings.patternProblem(pattern)?.let {
            throw IllegalArgumentException("${DslSpelling.full(spec, TargetSettings.pattern)}: $it")
        }
        for ((level, levelPattern) in perLevel) {
            val problem =
                if (level == Level.OFF) {
                    "OFF is only a threshold, never the level of a record; give patterns for TRACE, DEBUG, INFO, WARN or ERROR"
                } else {
                    TargetSettings.patternProblem(levelPattern)
                }
            problem?.let {
                throw IllegalArgumentException("${DslSpelling.full(spec, TargetSettings.perLevelPattern, level)}: $it")
            }
        }
        return PatternLayout(pattern, zone, escapeLineBreaks, perLevel)
    }
}

/** Settings of one file target: `file("logs/app.log") { ... }`. */
@RotologDsl
public class FileTargetBuilder internal constructor(path: String) : TargetBuilder() {
    override val spec: TargetSpec = TargetSpec(Scope.FILE, path)

    /** How far each batch is pushed towards the disk; see [Durability]. Default [Durability.PROCESS_CRASH]. */
    public var durability: Durability by spec.values.property(TargetSettings.durability)

    /** The most records in one batch (one lock acquisition). Default 8,192. */
    public var maxBatchRecords: Int by spec.values.property(TargetSettings.maxBatchRecords)

    /**
     * The mode new files of this target are created with: the log, its `.lock` sidecars and its compressed archives, as
     * `ls -l` shows it (`"rw-r-----"`) or in octal (`"0640"`, `"640"`). Files get exactly this mode from the moment
     * they exist, whatever the umask, never a wider one. Existing files keep their mode. The owner needs `rw`. Default:
     * none set, so the JDK's 0666 narrowed by the umask.
     */
    public var permissions: String? by spec.values.property(TargetSettings.permissions)

    /** Rotates this file on time, size or both; see [RotateBuilder]. Without it the file is never rotated. */
    public fun rotate(block: RotateBuilder.() -> Unit) {
        spec.rotateBlock = true
        try {
            RotateBuilder(spec).apply(block)
        } catch (e: RotateDurationException) {
            throw IllegalArgumentException("$name.${e.message}", e)
        }
    }

    /** Whether archives are gzip-compressed to `<archive>.gz` in the background after rotation. Default false. */
    public var compress: Boolean by spec.values.property(TargetSettings.compress)

    /**
     * Each archiving pass first waits a random time up to this, so that many processes or machines rotating at one
     * boundary do not all compress at once. Default zero.
     */
    public var compressionDelay: Duration by spec.values.property(TargetSettings.compressionDelay)

    /** Limits which archives are kept; see [KeepBuilder]. Without it every archive is kept. */
    public fun keep(block: KeepBuilder.() -> Unit) {
        spec.keepBlock = true
        KeepBuilder(spec).apply(block)
    }
}

/**
 * Settings of one console target: `console { stream = ConsoleStream.STDERR; level = Level.WARN }`.
 *
 * A console target needs no cross-process lock: it has a writer thread of its own that writes whole batches of records
 * to the stream, so callers never wait for the terminal beyond the [overflow] policy.
 */
@RotologDsl
public class ConsoleTargetBuilder internal constructor() : TargetBuilder() {
    override val spec: TargetSpec = TargetSpec(Scope.CONSOLE, null)

    /** Standard output or standard error. Default [ConsoleStream.STDOUT]. */
    public var stream: ConsoleStream by spec.values.property(TargetSettings.stream)
}
