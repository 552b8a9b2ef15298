package dev.rotolog.slf4j

import dev.rotolog.ConsoleStream
import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.RotologBuilder
import dev.rotolog.RotologConfig
import dev.rotolog.config.FrontEnd
import dev.rotolog.config.Scope
import dev.rotolog.config.Setting
import dev.rotolog.config.Spelling
import dev.rotolog.config.TargetSettings
import dev.rotolog.config.TargetSpec
import dev.rotolog.layout.Layout
import dev.rotolog.slf4j.config.PropertiesConfig
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Clock
import java.time.DayOfWeek
import java.time.ZoneId
import java.util.Properties
import kotlin.time.toKotlinDuration

/**
 * Builds a [RotologConfig] from Java with plain builders: no Kotlin types, no lambdas.
 *
 * ```java
 * RotologConfig config = JavaConfig.builder()
 *         .level(Level.INFO)
 *         .logger("com.example.db", Level.DEBUG)
 *         .file(JavaConfig.file("logs/app.log")
 *                 .pattern("%d %-5level [%thread] %logger - %msg%ctx%n")
 *                 .patternFor(Level.ERROR, "%d %-5level [%thread] %logger - %msg%ctx%ex%n")
 *                 .rotateEvery(1, PeriodUnit.HOURS)
 *                 .rotateMaxSize(64L * 1024 * 1024)
 *                 .permissions("rw-r-----"))
 *         .file(JavaConfig.file("logs/audit.log").json().loggers("com.example.audit"))
 *         .console(JavaConfig.console().stream(ConsoleStream.STDERR).level(Level.WARN))
 *         .build();
 * RotologServiceProvider.configure(config);   // SLF4J loggers now write as configured
 * ```
 *
 * Every setting left out keeps the default of the Kotlin DSL (`rotologConfig { }`), and [Builder.build] checks the
 * values the same way, throwing [IllegalArgumentException] with a message that names the setting, the value and what is
 * allowed. [fromProperties] reads the keys of a `rotolog.properties` file instead.
 */
public object JavaConfig {
    /** A new configuration builder with every setting at its default. */
    @JvmStatic public fun builder(): Builder = Builder()

    /**
     * A new file target writing to [path], for [Builder.file]. The path may contain `{pid}`, `{host}` and `{key}` (see
     * [Builder.processKey]).
     */
    @JvmStatic public fun file(path: String): FileBuilder = FileBuilder(Paths.get(path))

    /** A new file target writing to [path], for [Builder.file]. */
    @JvmStatic public fun file(path: Path): FileBuilder = FileBuilder(path)

    /** A new console target (standard output unless [ConsoleBuilder.stream] says otherwise), for [Builder.console]. */
    @JvmStatic public fun console(): ConsoleBuilder = ConsoleBuilder()

    /**
     * The configuration described by the keys of [properties], as in a `rotolog.properties` file (see the module's
     * README). [sourceName] names the source in error messages.
     *
     * @throws IllegalArgumentException listing every wrong or unknown key, each with its value and what is allowed.
     */
    @JvmStatic
    @JvmOverloads
    public fun fromProperties(properties: Properties, sourceName: String = "properties"): RotologConfig =
        PropertiesConfig.parse(PropertiesConfig.entries(properties), sourceName)

    /**
     * The configuration in the properties file at [file] (UTF-8).
     *
     * @throws IllegalArgumentException listing every wrong or unknown key, or when the file cannot be read.
     */
    @JvmStatic
    public fun fromProperties(file: Path): RotologConfig = PropertiesConfig.read(file, file.toAbsolutePath().toString())

    /** The top level of a configuration: levels, targets, clock, process key and shutdown hook. */
    public class Builder internal constructor() {
        private var level: Level? = null
        private var clock: Clock? = null
        private var shutdownHook: Boolean? = null
        private var processKey: String? = null
        private val loggers = LinkedHashMap<String, Level>()
        private val targets = ArrayList<TargetBuilder<*>>()

        /** The level of every logger whose name matches no [logger] prefix. Default `INFO`. */
        public fun level(level: Level): Builder = apply { this.level = level }

        /**
         * Sets the level of the loggers whose name is [prefix] or starts with "[prefix]."; the longest matching prefix
         * wins. Setting the same prefix again replaces its level.
         */
        public fun logger(prefix: String, level: Level): Builder = apply { loggers[prefix] = level }

        /** Adds a file target; its settings are read when [build] runs. */
        public fun file(file: FileBuilder): Builder = apply { targets += file }

        /** Adds a console target; its settings are read when [build] runs. */
        public fun console(console: ConsoleBuilder): Builder = apply { targets += console }

        /** The clock that stamps records and decides rotation. Default: the system clock. */
        public fun clock(clock: Clock): Builder = apply { this.clock = clock }

        /** Whether a JVM shutdown hook writes what is queued and closes the files at exit. Default true. */
        public fun shutdownHook(enabled: Boolean): Builder = apply { shutdownHook = enabled }

        /**
         * The per-process key that `{key}` in file paths stands for (sanitized before use). Default: the system
         * property `rotolog.processKey`.
         */
        public fun processKey(key: String): Builder = apply { processKey = key }

        /**
         * The validated configuration.
         *
         * @throws IllegalArgumentException naming the first wrong setting, its value and what is allowed.
         */
        public fun build(): RotologConfig {
            val config = RotologBuilder()
            this@Builder.level?.let { config.level = it }
            this@Builder.clock?.let { config.clock = it }
            this@Builder.shutdownHook?.let { config.shutdownHook = it }
            this@Builder.processKey?.let { config.processKey = it }
            for ((prefix, prefixLevel) in loggers) config.logger(prefix, prefixLevel)
            for (target in targets) config.targets += target.spec
            return config.build(JavaSpelling, null)!!
        }
    }

    /**
     * What file and console targets share: the layout, the level, which loggers, and queueing. The text layout is
     * either given whole with [layout], chosen as [json], or described by [pattern], [patternFor], [zone] and
     * [escapeLineBreaks] (see `PatternLayout`); only one of the three.
     */
    public sealed class TargetBuilder<B : TargetBuilder<B>> {
        internal abstract val spec: TargetSpec

        @Suppress("UNCHECKED_CAST")
        private fun <T> set(setting: Setting<T>, value: T): B = (this as B).also { spec.values[setting] = value }

        /** A layout of your own; excludes [json], [pattern], [patternFor], [zone] and [escapeLineBreaks]. */
        public fun layout(layout: Layout): B = set(TargetSettings.layout, layout)

        /** The JSON-lines layout with ECS field names (see `JsonLayout`); [zone] sets its time zone (default UTC). */
        public fun json(): B = set(TargetSettings.json, true)

        /** The pattern of the text layout, e.g. `%d %-5level [%thread] %logger - %msg%ctx%ex%n` (the default). */
        public fun pattern(pattern: String): B = set(TargetSettings.pattern, pattern)

        /** A pattern of its own for records of [level], used instead of [pattern] for them. */
        public fun patternFor(level: Level, pattern: String): B =
            set(TargetSettings.perLevelPattern, spec.values[TargetSettings.perLevelPattern] + (level to pattern))

        /**
         * The time zone of `%d` in the pattern, or of the JSON layout's timestamps. Default: system zone (JSON: UTC).
         */
        public fun zone(zone: ZoneId): B = set(TargetSettings.layoutZone, zone)

        /** Whether line breaks and control characters inside fields are escaped, one record per line. Default true. */
        public fun escapeLineBreaks(escape: Boolean): B = set(TargetSettings.escapeLineBreaks, escape)

        /** The lowest level this target writes, on top of the loggers' levels. Default `TRACE`. */
        public fun level(level: Level): B = set(TargetSettings.level, level)

        /** This target takes only the loggers under these prefixes (and those of other calls). Default: all. */
        public fun loggers(vararg prefixes: String): B =
            set(TargetSettings.loggers, (spec.values[TargetSettings.loggers] + prefixes).distinct())

        /** This target does not take the loggers under these prefixes; the longest matching prefix decides. */
        public fun excludeLoggers(vararg prefixes: String): B =
            set(TargetSettings.excludeLoggers, (spec.values[TargetSettings.excludeLoggers] + prefixes).distinct())

        /** What a log call does when the queue is full; see [OverflowPolicy]. Default `BLOCK`. */
        public fun overflow(policy: OverflowPolicy): B = set(TargetSettings.overflow, policy)

        /** How many records may wait for the writer. Default 65,536. */
        public fun queueCapacity(records: Int): B = set(TargetSettings.queueCapacity, records)

        /** The longest a log call waits for room under `BLOCK`. Default 5 seconds. */
        public fun blockTimeout(timeout: java.time.Duration): B =
            set(TargetSettings.blockTimeout, timeout.toKotlinDuration())

        /** How long closing (and the shutdown hook) waits for queued records. Default 10 seconds. */
        public fun closeTimeout(timeout: java.time.Duration): B =
            set(TargetSettings.closeTimeout, timeout.toKotlinDuration())
    }

    /** The settings of one file target; see [TargetBuilder] for those it shares with console targets. */
    public class FileBuilder internal constructor(path: Path) : TargetBuilder<FileBuilder>() {
        override val spec: TargetSpec = TargetSpec(Scope.FILE, path.toString())

        private fun <T> set(setting: Setting<T>, value: T): FileBuilder = apply { spec.values[setting] = value }

        /** How far each batch is pushed towards the disk; see [Durability]. Default `PROCESS_CRASH`. */
        public fun durability(durability: Durability): FileBuilder = set(TargetSettings.durability, durability)

        /** The most records written under one lock acquisition. Default 8,192. */
        public fun maxBatchRecords(records: Int): FileBuilder = set(TargetSettings.maxBatchRecords, records)

        /**
         * The mode new files of this target are created with, `rw-r-----` or `640`; never wider, whatever the umask.
         * Default: the JDK's (0666 narrowed by the umask).
         */
        public fun permissions(mode: String): FileBuilder = set(TargetSettings.permissions, mode)

        /** Rotates every [amount] [unit]s on wall-clock boundaries, e.g. `rotateEvery(15, PeriodUnit.MINUTES)`. */
        public fun rotateEvery(amount: Int, unit: PeriodUnit): FileBuilder =
            set(TargetSettings.rotateEvery, amount to unit)

        /** The zone whose wall clock defines rotation boundaries and archive dates. Default: the system zone. */
        public fun rotateZone(zone: ZoneId): FileBuilder = set(TargetSettings.rotateZone, zone)

        /** The day weekly periods start on. Default Monday. */
        public fun rotateWeekStart(day: DayOfWeek): FileBuilder = set(TargetSettings.rotateWeekStart, day)

        /** Rotates before a record would make the file larger than [bytes]. Default: no size limit. */
        public fun rotateMaxSize(bytes: Long): FileBuilder = set(TargetSettings.rotateMaxSize, bytes)

        /** Whether closed archives are gzipped in the background, off the lock. Needs rotation. Default false. */
        public fun compress(enabled: Boolean): FileBuilder = set(TargetSettings.compress, enabled)

        /** The longest random delay before compression starts, so processes do not all compress at once. */
        public fun compressionDelay(delay: java.time.Duration): FileBuilder =
            set(TargetSettings.compressionDelay, delay.toKotlinDuration())

        /** Keeps at most [count] archives, the newest. Default: no limit. */
        public fun keepArchives(count: Int): FileBuilder = set(TargetSettings.keepArchives, count)

        /** Deletes archives whose period ended longer than [age] ago. Needs a time period. Default: no limit. */
        public fun keepMaxAge(age: java.time.Duration): FileBuilder =
            set(TargetSettings.keepMaxAge, age.toKotlinDuration())

        /** Keeps the archives' total size at most [bytes], deleting the oldest first. Default: no limit. */
        public fun keepTotalSize(bytes: Long): FileBuilder = set(TargetSettings.keepTotalSize, bytes)
    }

    /** The settings of one console target; see [TargetBuilder] for those it shares with file targets. */
    public class ConsoleBuilder internal constructor() : TargetBuilder<ConsoleBuilder>() {
        override val spec: TargetSpec = TargetSpec(Scope.CONSOLE, null)

        /** Standard output or standard error. Default `STDOUT`. */
        public fun stream(stream: ConsoleStream): ConsoleBuilder = apply { spec.values[TargetSettings.stream] = stream }
    }
}

/** The Java builder's spelling: `FileBuilder("logs/app.log").rotateMaxSize`, `ConsoleBuilder(STDERR).queueCapacity`. */
internal object JavaSpelling : Spelling {
    override val frontEnd: FrontEnd
        get() = FrontEnd.JAVA

    override fun target(spec: TargetSpec): String =
        if (spec.kind == Scope.FILE) "FileBuilder(\"${spec.pathTemplate}\")"
        else "ConsoleBuilder(${spec.values[TargetSettings.stream]})"

    override fun setting(setting: Setting<*>, level: Level?): String =
        if (level != null) "patternFor($level)" else setting.javaName
}
