package dev.rotolog.slf4j

import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import dev.rotolog.RotologConfig
import dev.rotolog.layout.DEFAULT_PATTERN
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotologConfig
import dev.rotolog.slf4j.config.PropertiesConfig
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Clock
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
 *                 .pattern("%d %-5level [%thread] %logger - %msg%ctx%ex%n")
 *                 .overflow(OverflowPolicy.DROP))
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

    /** A new file target writing to [path], for [Builder.file]. */
    @JvmStatic
    public fun file(path: String): FileBuilder = FileBuilder(Paths.get(path))

    /** A new file target writing to [path], for [Builder.file]. */
    @JvmStatic
    public fun file(path: Path): FileBuilder = FileBuilder(path)

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

    /** The top level of a configuration: levels, file targets, clock and shutdown hook. */
    public class Builder internal constructor() {
        private var level: Level? = null
        private var clock: Clock? = null
        private var shutdownHook: Boolean? = null
        private val loggers = LinkedHashMap<String, Level>()
        private val files = ArrayList<FileBuilder>()

        /** The level of every logger whose name matches no [logger] prefix. Default `INFO`. */
        public fun level(level: Level): Builder = apply { this.level = level }

        /**
         * Sets the level of the loggers whose name is [prefix] or starts with "[prefix]."; the longest matching
         * prefix wins. Setting the same prefix again replaces its level.
         */
        public fun logger(prefix: String, level: Level): Builder = apply { loggers[prefix] = level }

        /** Adds a file target; its settings are read when [build] runs. */
        public fun file(file: FileBuilder): Builder = apply { files += file }

        /** The clock that stamps records and decides rotation. Default: the system clock. */
        public fun clock(clock: Clock): Builder = apply { this.clock = clock }

        /** Whether a JVM shutdown hook writes what is queued and closes the files at exit. Default true. */
        public fun shutdownHook(enabled: Boolean): Builder = apply { shutdownHook = enabled }

        /**
         * The validated configuration.
         *
         * @throws IllegalArgumentException naming the first wrong setting, its value and what is allowed.
         */
        public fun build(): RotologConfig {
            val layouts = files.map { it.layoutOrNull() }
            return rotologConfig {
                this@Builder.level?.let { level = it }
                this@Builder.clock?.let { clock = it }
                this@Builder.shutdownHook?.let { shutdownHook = it }
                for ((prefix, prefixLevel) in loggers) logger(prefix) { level = prefixLevel }
                files.forEachIndexed { i, spec -> file(spec.path) { spec.applyTo(this, layouts[i]) } }
            }
        }
    }

    /**
     * The settings of one file target. The text layout is either given whole with [layout], or described by
     * [pattern], [zone] and [escapeLineBreaks] (see `PatternLayout`); not both.
     */
    public class FileBuilder internal constructor(internal val path: Path) {
        private var layout: Layout? = null
        private var pattern: String? = null
        private var zone: ZoneId? = null
        private var escapeLineBreaks: Boolean? = null
        private var overflow: OverflowPolicy? = null
        private var queueCapacity: Int? = null
        private var blockTimeout: java.time.Duration? = null
        private var durability: Durability? = null
        private var maxBatchRecords: Int? = null
        private var closeTimeout: java.time.Duration? = null

        /** A layout of your own; excludes [pattern], [zone] and [escapeLineBreaks]. */
        public fun layout(layout: Layout): FileBuilder = apply { this.layout = layout }

        /** The pattern of the text layout, e.g. `%d %-5level [%thread] %logger - %msg%ctx%ex%n` (the default). */
        public fun pattern(pattern: String): FileBuilder = apply { this.pattern = pattern }

        /** The time zone of `%d` in the pattern. Default: the system zone. */
        public fun zone(zone: ZoneId): FileBuilder = apply { this.zone = zone }

        /** Whether line breaks and control characters inside fields are escaped, one record per line. Default true. */
        public fun escapeLineBreaks(escape: Boolean): FileBuilder = apply { escapeLineBreaks = escape }

        /** What a log call does when the queue is full; see [OverflowPolicy]. Default `BLOCK`. */
        public fun overflow(policy: OverflowPolicy): FileBuilder = apply { overflow = policy }

        /** How many records may wait for the writer. Default 65,536. */
        public fun queueCapacity(records: Int): FileBuilder = apply { queueCapacity = records }

        /** The longest a log call waits for room under `BLOCK`. Default 5 seconds. */
        public fun blockTimeout(timeout: java.time.Duration): FileBuilder = apply { blockTimeout = timeout }

        /** How far each batch is pushed towards the disk; see [Durability]. Default `PROCESS_CRASH`. */
        public fun durability(durability: Durability): FileBuilder = apply { this.durability = durability }

        /** The most records written under one lock acquisition. Default 8,192. */
        public fun maxBatchRecords(records: Int): FileBuilder = apply { maxBatchRecords = records }

        /** How long closing (and the shutdown hook) waits for queued records. Default 10 seconds. */
        public fun closeTimeout(timeout: java.time.Duration): FileBuilder = apply { closeTimeout = timeout }

        internal fun layoutOrNull(): Layout? {
            val patternSet = pattern != null || zone != null || escapeLineBreaks != null
            layout?.let {
                require(!patternSet) {
                    "file(\"$path\"): set either layout or pattern/zone/escapeLineBreaks, not both"
                }
                return it
            }
            if (!patternSet) return null
            val text = pattern ?: DEFAULT_PATTERN
            require(text.isNotEmpty()) { "file(\"$path\").pattern: an empty pattern writes nothing; use e.g. $DEFAULT_PATTERN" }
            return try {
                PatternLayout(text, zone ?: ZoneId.systemDefault(), escapeLineBreaks ?: true)
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("file(\"$path\").${e.message}", e)
            }
        }

        internal fun applyTo(target: dev.rotolog.FileTargetBuilder, layout: Layout?) {
            layout?.let { target.layout = it }
            overflow?.let { target.overflow = it }
            queueCapacity?.let { target.queueCapacity = it }
            blockTimeout?.let { target.blockTimeout = it.toKotlinDuration() }
            durability?.let { target.durability = it }
            maxBatchRecords?.let { target.maxBatchRecords = it }
            closeTimeout?.let { target.closeTimeout = it.toKotlinDuration() }
        }
    }
}
