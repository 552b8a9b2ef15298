package dev.rotolog.slf4j

import dev.rotolog.ConsoleStream
import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import dev.rotolog.RotologConfig
import dev.rotolog.layout.DEFAULT_PATTERN
import dev.rotolog.layout.JsonLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.PeriodUnit
import dev.rotolog.rotologConfig
import dev.rotolog.slf4j.config.PropertiesConfig
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Clock
import java.time.DayOfWeek
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.EnumMap
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
 * Every setting left out keeps the default of the Kotlin DSL (`rotologConfig { }`), and [Builder.build] checks
 * the values the same way, throwing [IllegalArgumentException] with a message that names the setting, the value
 * and what is allowed. [fromProperties] reads the keys of a `rotolog.properties` file instead.
 */
public object JavaConfig {
    /** A new configuration builder with every setting at its default. */
    @JvmStatic
    public fun builder(): Builder = Builder()

    /**
     * A new file target writing to [path], for [Builder.file]. The path may contain `{pid}`, `{host}` and `{key}`
     * (see [Builder.processKey]).
     */
    @JvmStatic
    public fun file(path: String): FileBuilder = FileBuilder(Paths.get(path))

    /** A new file target writing to [path], for [Builder.file]. */
    @JvmStatic
    public fun file(path: Path): FileBuilder = FileBuilder(path)

    /** A new console target (standard output unless [ConsoleBuilder.stream] says otherwise), for [Builder.console]. */
    @JvmStatic
    public fun console(): ConsoleBuilder = ConsoleBuilder()

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
         * Sets the level of the loggers whose name is [prefix] or starts with "[prefix]."; the longest matching
         * prefix wins. Setting the same prefix again replaces its level.
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
            val layouts = targets.map { it.layoutOrNull() }
            return rotologConfig {
                this@Builder.level?.let { level = it }
                this@Builder.clock?.let { clock = it }
                this@Builder.shutdownHook?.let { shutdownHook = it }
                this@Builder.processKey?.let { processKey = it }
                for ((prefix, prefixLevel) in loggers) logger(prefix) { level = prefixLevel }
                targets.forEachIndexed { i, spec ->
                    when (spec) {
                        is FileBuilder -> file(spec.path) { spec.applyTo(this, layouts[i]) }
                        is ConsoleBuilder -> console { spec.applyTo(this, layouts[i]) }
                    }
                }
            }
        }
    }

    /**
     * What file and console targets share: the layout, the level, which loggers, and queueing. The text layout is
     * either given whole with [layout], chosen as [json], or described by [pattern], [patternFor], [zone] and
     * [escapeLineBreaks] (see `PatternLayout`); only one of the three.
     */
    public sealed class TargetBuilder<B : TargetBuilder<B>> {
        internal abstract val name: String
        private var layout: Layout? = null
        private var json = false
        private var pattern: String? = null
        private val perLevel = EnumMap<Level, String>(Level::class.java)
        private var zone: ZoneId? = null
        private var escapeLineBreaks: Boolean? = null
        private var level: Level? = null
        private val loggers = ArrayList<String>()
        private val excludedLoggers = ArrayList<String>()
        private var overflow: OverflowPolicy? = null
        private var queueCapacity: Int? = null
        private var blockTimeout: java.time.Duration? = null
        private var closeTimeout: java.time.Duration? = null

        @Suppress("UNCHECKED_CAST")
        private fun self(): B = this as B

        /** A layout of your own; excludes [json], [pattern], [patternFor], [zone] and [escapeLineBreaks]. */
        public fun layout(layout: Layout): B = self().also { this.layout = layout }

        /** The JSON-lines layout with ECS field names (see `JsonLayout`); [zone] sets its time zone (default UTC). */
        public fun json(): B = self().also { json = true }

        /** The pattern of the text layout, e.g. `%d %-5level [%thread] %logger - %msg%ctx%ex%n` (the default). */
        public fun pattern(pattern: String): B = self().also { this.pattern = pattern }

        /** A pattern of its own for records of [level], used instead of [pattern] for them. */
        public fun patternFor(level: Level, pattern: String): B = self().also { perLevel[level] = pattern }

        /** The time zone of `%d` in the pattern, or of the JSON layout's timestamps. Default: system zone (JSON: UTC). */
        public fun zone(zone: ZoneId): B = self().also { this.zone = zone }

        /** Whether line breaks and control characters inside fields are escaped, one record per line. Default true. */
        public fun escapeLineBreaks(escape: Boolean): B = self().also { escapeLineBreaks = escape }

        /** The lowest level this target writes, on top of the loggers' levels. Default `TRACE`. */
        public fun level(level: Level): B = self().also { this.level = level }

        /** This target takes only the loggers under these prefixes (and those of other calls). Default: all. */
        public fun loggers(vararg prefixes: String): B = self().also { loggers += prefixes }

        /** This target does not take the loggers under these prefixes; the longest matching prefix decides. */
        public fun excludeLoggers(vararg prefixes: String): B = self().also { excludedLoggers += prefixes }

        /** What a log call does when the queue is full; see [OverflowPolicy]. Default `BLOCK`. */
        public fun overflow(policy: OverflowPolicy): B = self().also { overflow = policy }

        /** How many records may wait for the writer. Default 65,536. */
        public fun queueCapacity(records: Int): B = self().also { queueCapacity = records }

        /** The longest a log call waits for room under `BLOCK`. Default 5 seconds. */
        public fun blockTimeout(timeout: java.time.Duration): B = self().also { blockTimeout = timeout }

        /** How long closing (and the shutdown hook) waits for queued records. Default 10 seconds. */
        public fun closeTimeout(timeout: java.time.Duration): B = self().also { closeTimeout = timeout }

        internal fun layoutOrNull(): Layout? {
            val patternSet = pattern != null || perLevel.isNotEmpty() || escapeLineBreaks != null
            layout?.let {
                require(!patternSet && !json && zone == null) {
                    if (json) "$name: set either layout or json, not both" else "$name: set either layout or pattern/zone/escapeLineBreaks, not both"
                }
                return it
            }
            if (json) {
                require(!patternSet) { "$name: set either json or pattern/patternFor/escapeLineBreaks, not both" }
                return JsonLayout(zone ?: ZoneOffset.UTC)
            }
            if (!patternSet && zone == null) return null
            val text = pattern ?: DEFAULT_PATTERN
            require(text.isNotEmpty()) { "$name.pattern: an empty pattern writes nothing; use e.g. $DEFAULT_PATTERN" }
            for ((level, levelPattern) in perLevel) {
                require(levelPattern.isNotEmpty()) { "$name.pattern[$level]: an empty pattern writes nothing; use e.g. $DEFAULT_PATTERN" }
            }
            return try {
                PatternLayout(text, zone ?: ZoneId.systemDefault(), escapeLineBreaks ?: true, perLevel.toMap())
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("$name.${e.message}", e)
            }
        }

        internal fun applyCommon(target: dev.rotolog.TargetBuilder, layout: Layout?) {
            layout?.let { target.layout = it }
            level?.let { target.level = it }
            if (loggers.isNotEmpty()) target.loggers(*loggers.toTypedArray())
            if (excludedLoggers.isNotEmpty()) target.excludeLoggers(*excludedLoggers.toTypedArray())
            overflow?.let { target.overflow = it }
            queueCapacity?.let { target.queueCapacity = it }
            blockTimeout?.let { target.blockTimeout = it.toKotlinDuration() }
            closeTimeout?.let { target.closeTimeout = it.toKotlinDuration() }
        }
    }

    /** The settings of one file target; see [TargetBuilder] for those it shares with console targets. */
    public class FileBuilder internal constructor(internal val path: Path) : TargetBuilder<FileBuilder>() {
        override val name: String get() = "file(\"$path\")"
        private var durability: Durability? = null
        private var maxBatchRecords: Int? = null
        private var permissions: String? = null
        private var rotateAmount: Int? = null
        private var rotateUnit: PeriodUnit? = null
        private var rotateZone: ZoneId? = null
        private var rotateWeekStart: DayOfWeek? = null
        private var rotateMaxSize: Long? = null
        private var compress: Boolean? = null
        private var compressionDelay: java.time.Duration? = null
        private var keepArchives: Int? = null
        private var keepMaxAge: java.time.Duration? = null
        private var keepTotalSize: Long? = null

        /** How far each batch is pushed towards the disk; see [Durability]. Default `PROCESS_CRASH`. */
        public fun durability(durability: Durability): FileBuilder = apply { this.durability = durability }

        /** The most records written under one lock acquisition. Default 8,192. */
        public fun maxBatchRecords(records: Int): FileBuilder = apply { maxBatchRecords = records }

        /**
         * The mode new files of this target are created with, `rw-r-----` or `640`; never wider, whatever the umask.
         * Default: the JDK's (0666 narrowed by the umask).
         */
        public fun permissions(mode: String): FileBuilder = apply { permissions = mode }

        /** Rotates every [amount] [unit]s on wall-clock boundaries, e.g. `rotateEvery(15, PeriodUnit.MINUTES)`. */
        public fun rotateEvery(amount: Int, unit: PeriodUnit): FileBuilder = apply {
            rotateAmount = amount
            rotateUnit = unit
        }

        /** The zone whose wall clock defines rotation boundaries and archive dates. Default: the system zone. */
        public fun rotateZone(zone: ZoneId): FileBuilder = apply { rotateZone = zone }

        /** The day weekly periods start on. Default Monday. */
        public fun rotateWeekStart(day: DayOfWeek): FileBuilder = apply { rotateWeekStart = day }

        /** Rotates before a record would make the file larger than [bytes]. Default: no size limit. */
        public fun rotateMaxSize(bytes: Long): FileBuilder = apply { rotateMaxSize = bytes }

        /** Whether closed archives are gzipped in the background, off the lock. Needs rotation. Default false. */
        public fun compress(enabled: Boolean): FileBuilder = apply { compress = enabled }

        /** The longest random delay before compression starts, so processes do not all compress at once. */
        public fun compressionDelay(delay: java.time.Duration): FileBuilder = apply { compressionDelay = delay }

        /** Keeps at most [count] archives, the newest. Default: no limit. */
        public fun keepArchives(count: Int): FileBuilder = apply { keepArchives = count }

        /** Deletes archives whose period ended longer than [age] ago. Needs a time period. Default: no limit. */
        public fun keepMaxAge(age: java.time.Duration): FileBuilder = apply { keepMaxAge = age }

        /** Keeps the archives' total size at most [bytes], deleting the oldest first. Default: no limit. */
        public fun keepTotalSize(bytes: Long): FileBuilder = apply { keepTotalSize = bytes }

        internal fun applyTo(target: dev.rotolog.FileTargetBuilder, layout: Layout?) {
            applyCommon(target, layout)
            durability?.let { target.durability = it }
            maxBatchRecords?.let { target.maxBatchRecords = it }
            permissions?.let { target.permissions = it }
            if (rotateUnit != null || rotateMaxSize != null || rotateZone != null || rotateWeekStart != null) {
                target.rotate {
                    rotateUnit?.let { every(rotateAmount!!, it) }
                    rotateZone?.let { zone = it }
                    rotateWeekStart?.let { weekStart = it }
                    rotateMaxSize?.let { maxSize = it }
                }
            }
            compress?.let { target.compress = it }
            compressionDelay?.let { target.compressionDelay = it.toKotlinDuration() }
            if (keepArchives != null || keepMaxAge != null || keepTotalSize != null) {
                target.keep {
                    keepArchives?.let { archives = it }
                    keepMaxAge?.let { maxAge = it.toKotlinDuration() }
                    keepTotalSize?.let { totalSize = it }
                }
            }
        }
    }

    /** The settings of one console target; see [TargetBuilder] for those it shares with file targets. */
    public class ConsoleBuilder internal constructor() : TargetBuilder<ConsoleBuilder>() {
        private var stream: ConsoleStream = ConsoleStream.STDOUT
        override val name: String get() = "console(${stream.name})"

        /** Standard output or standard error. Default `STDOUT`. */
        public fun stream(stream: ConsoleStream): ConsoleBuilder = apply { this.stream = stream }

        internal fun applyTo(target: dev.rotolog.ConsoleTargetBuilder, layout: Layout?) {
            target.stream = stream
            applyCommon(target, layout)
        }
    }
}
