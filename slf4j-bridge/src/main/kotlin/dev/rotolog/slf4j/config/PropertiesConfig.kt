package dev.rotolog.slf4j.config

import dev.rotolog.Level
import dev.rotolog.RotologConfig
import dev.rotolog.slf4j.JavaConfig
import java.io.IOException
import java.io.InputStream
import java.io.InputStreamReader
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.Properties

/**
 * Reads a rotolog configuration from properties (the `rotolog.properties` file of SLF4J-only applications).
 *
 * Keys:
 * ```
 * level = INFO                              # loggers matching no logger.* prefix
 * logger.com.example.db = DEBUG             # loggers named com.example.db or com.example.db.*
 * shutdownHook = true
 * processKey = worker-1                     # what {key} in a path stands for
 * file.main.path = logs/app-{key}.log       # a file target named "main"; any name without dots
 * file.main.pattern = %d %-5level [%thread] %logger - %msg%ctx%n
 * file.main.pattern.ERROR = %d %-5level [%thread] %logger - %msg%ctx%ex%n
 * file.main.rotate.every = 1 HOURS          # and the rest of FILE_SETTINGS below
 * console.err.stream = STDERR               # a console target named "err"; see CONSOLE_SETTINGS
 * console.err.level = WARN
 * ```
 * Without any `file.*` or `console.*` key the configuration has one file target, [DEFAULT_PATH].
 *
 * Every problem is collected, then all are thrown at once as one [IllegalArgumentException], each line naming
 * the key, the value and what is allowed; unknown keys are problems too (with a suggestion when a known key is
 * close), so a misspelt setting never goes unnoticed.
 *
 * Adding a setting is one line in [TOP_SETTINGS], [TARGET_SETTINGS], [FILE_SETTINGS] or [CONSOLE_SETTINGS] plus the
 * builder method it calls.
 */
internal object PropertiesConfig {
    /** The file target used when the configuration names none. */
    const val DEFAULT_PATH: String = "logs/app.log"

    private class Setting<in B, T : Any>(val name: String, val type: ValueType<T>, val apply: (B, T) -> Unit) {
        /** Applies [text]; false when it is not a value of [type]. */
        fun applyText(builder: B, text: String): Boolean {
            val value = type.parse(text) ?: return false
            apply(builder, value)
            return true
        }
    }

    private val TOP_SETTINGS: Map<String, Setting<JavaConfig.Builder, *>> =
        listOf<Setting<JavaConfig.Builder, *>>(
            Setting("level", ValueTypes.level) { b, v -> b.level(v) },
            Setting("shutdownHook", ValueTypes.boolean) { b, v -> b.shutdownHook(v) },
            Setting("processKey", ValueTypes.anyText) { b, v -> b.processKey(v) },
        ).associateBy { it.name }

    private const val PATH = "path"
    private const val LAYOUT = "layout"

    /** Settings of file and console targets alike. */
    private val TARGET_SETTINGS: List<Setting<JavaConfig.TargetBuilder<*>, *>> =
        listOf<Setting<JavaConfig.TargetBuilder<*>, *>>(
            Setting(LAYOUT, ValueTypes.layout) { b, v -> if (v == ValueTypes.LayoutKind.JSON) b.json() },
            Setting("pattern", ValueTypes.text) { b, v -> b.pattern(v) },
        ) +
            Level.entries.filter { it != Level.OFF }.map { level ->
                Setting<JavaConfig.TargetBuilder<*>, String>("pattern.$level", ValueTypes.text) { b, v -> b.patternFor(level, v) }
            } +
            listOf(
                Setting("zone", ValueTypes.zone) { b, v -> b.zone(v) },
                Setting("escapeLineBreaks", ValueTypes.boolean) { b, v -> b.escapeLineBreaks(v) },
                Setting("level", ValueTypes.level) { b, v -> b.level(v) },
                Setting("loggers", ValueTypes.prefixes) { b, v -> b.loggers(*v.toTypedArray()) },
                Setting("excludeLoggers", ValueTypes.prefixes) { b, v -> b.excludeLoggers(*v.toTypedArray()) },
                Setting("overflow", ValueTypes.overflow) { b, v -> b.overflow(v) },
                Setting("queueCapacity", ValueTypes.wholeNumber) { b, v -> b.queueCapacity(v) },
                Setting("blockTimeout", ValueTypes.duration) { b, v -> b.blockTimeout(v) },
                Setting("closeTimeout", ValueTypes.duration) { b, v -> b.closeTimeout(v) },
            )

    private val FILE_SETTINGS: Map<String, Setting<JavaConfig.FileBuilder, *>> =
        (
            TARGET_SETTINGS +
                listOf<Setting<JavaConfig.FileBuilder, *>>(
                    Setting("durability", ValueTypes.durability) { b, v -> b.durability(v) },
                    Setting("maxBatchRecords", ValueTypes.wholeNumber) { b, v -> b.maxBatchRecords(v) },
                    Setting("permissions", ValueTypes.text) { b, v -> b.permissions(v) },
                    Setting("rotate.every", ValueTypes.period) { b, v -> b.rotateEvery(v.first, v.second) },
                    Setting("rotate.zone", ValueTypes.zone) { b, v -> b.rotateZone(v) },
                    Setting("rotate.weekStart", ValueTypes.dayOfWeek) { b, v -> b.rotateWeekStart(v) },
                    Setting("rotate.maxSize", ValueTypes.size) { b, v -> b.rotateMaxSize(v) },
                    Setting("compress", ValueTypes.boolean) { b, v -> b.compress(v) },
                    Setting("compressionDelay", ValueTypes.duration) { b, v -> b.compressionDelay(v) },
                    Setting("keep.archives", ValueTypes.wholeNumber) { b, v -> b.keepArchives(v) },
                    Setting("keep.maxAge", ValueTypes.duration) { b, v -> b.keepMaxAge(v) },
                    Setting("keep.totalSize", ValueTypes.size) { b, v -> b.keepTotalSize(v) },
                )
            ).associateBy { it.name }

    private val CONSOLE_SETTINGS: Map<String, Setting<JavaConfig.ConsoleBuilder, *>> =
        (
            listOf<Setting<JavaConfig.ConsoleBuilder, *>>(Setting("stream", ValueTypes.stream) { b, v -> b.stream(v) }) +
                TARGET_SETTINGS
            ).associateBy { it.name }

    /** Keys that describe the text layout, and so contradict `layout = json`. */
    private val PATTERN_KEYS = setOf("pattern", "escapeLineBreaks") + Level.entries.filter { it != Level.OFF }.map { "pattern.$it" }

    private val FILE_KEYS = listOf(PATH) + FILE_SETTINGS.keys
    private val CONSOLE_KEYS = CONSOLE_SETTINGS.keys.toList()
    private const val LOGGER_PREFIX = "logger."
    private const val FILE_PREFIX = "file."
    private const val CONSOLE_PREFIX = "console."
    private val TOP_KEYS_TEXT =
        (TOP_SETTINGS.keys + listOf("logger.<name prefix>", "file.<target name>.<setting>", "console.<target name>.<setting>"))
            .joinToString(", ")

    /** The two kinds of target, for messages and key parsing. */
    private enum class Kind(val prefix: String, val word: String, val example: String) {
        FILE(FILE_PREFIX, "file", "file.main.path = $DEFAULT_PATH"),
        CONSOLE(CONSOLE_PREFIX, "console", "console.main.stream = STDOUT"),
    }

    /** The entries of [properties] as strings (a [Properties] may hold other objects when filled by code). */
    fun entries(properties: Properties): Map<String, String> =
        properties.stringPropertyNames().associateWith { properties.getProperty(it) }

    /** Reads the properties file at [file] as UTF-8 and parses it; [source] names it in messages. */
    fun read(file: Path, source: String): RotologConfig {
        val properties =
            try {
                Files.newInputStream(file).use { load(it) }
            } catch (e: IOException) {
                throw IllegalArgumentException("rotolog: cannot read the configuration $source: $e", e)
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("rotolog: cannot read the configuration $source: ${e.message}", e)
            }
        return parse(entries(properties), source)
    }

    /** Loads properties as UTF-8 (not ISO-8859-1 as `Properties.load(InputStream)` would). */
    fun load(input: InputStream): Properties = Properties().apply { load(InputStreamReader(input, StandardCharsets.UTF_8)) }

    /**
     * The configuration described by [entries].
     *
     * @throws IllegalArgumentException listing every problem found, one per line.
     */
    fun parse(entries: Map<String, String>, source: String): RotologConfig {
        val problems = Problems()
        val builder = JavaConfig.builder()
        val targets = sortedMapOf<String, MutableMap<String, String>>()
        val consoles = sortedMapOf<String, MutableMap<String, String>>()
        // Each target is also checked alone, with the key its path's {key} will stand for.
        val processKey = entries["processKey"]?.trim() ?: System.getProperty("rotolog.processKey")
        for (key in entries.keys.sorted()) {
            val value = entries.getValue(key).trim()
            when {
                key.startsWith(LOGGER_PREFIX) -> {
                    val prefix = key.removePrefix(LOGGER_PREFIX)
                    if (prefix.isBlank()) {
                        problems[key] = "key \"$key\" names no logger; use $LOGGER_PREFIX<name prefix>, e.g. logger.com.example.db = DEBUG"
                    } else {
                        val level = ValueTypes.level.parse(value)
                        if (level == null) problems[key] = notAllowed(key, value, ValueTypes.level) else builder.logger(prefix, level)
                    }
                }
                key.startsWith(FILE_PREFIX) || key.startsWith(CONSOLE_PREFIX) -> {
                    val kind = if (key.startsWith(FILE_PREFIX)) Kind.FILE else Kind.CONSOLE
                    val rest = key.removePrefix(kind.prefix)
                    val dot = rest.indexOf('.')
                    if (dot <= 0 || dot == rest.length - 1) {
                        problems[key] = "key \"$key\" is incomplete; a ${kind.word} target setting is " +
                            "${kind.prefix}<target name>.<setting>, e.g. ${kind.example}"
                    } else {
                        val byName = if (kind == Kind.FILE) targets else consoles
                        byName.getOrPut(rest.substring(0, dot)) { LinkedHashMap() }[rest.substring(dot + 1)] = value
                    }
                }
                else -> {
                    val setting = TOP_SETTINGS[key]
                    if (setting == null) {
                        problems[key] = unknown(key, key, TOP_SETTINGS.keys) + " Known keys: $TOP_KEYS_TEXT"
                    } else if (!setting.applyText(builder, value)) {
                        problems[key] = notAllowed(key, value, setting.type)
                    }
                }
            }
        }
        if (targets.isEmpty() && consoles.isEmpty() && problems.isEmpty()) builder.file(JavaConfig.file(DEFAULT_PATH))
        val pathOwners = HashMap<Path, String>()
        for ((name, settings) in targets) {
            val file = parseFile(name, settings, processKey, problems) ?: continue
            val real = file.path.toAbsolutePath().normalize()
            val other = pathOwners.putIfAbsent(real, name)
            if (other != null) {
                problems["file.$name.path"] = "file.$other.path and file.$name.path both name $real; configure each file once"
                continue
            }
            builder.file(file)
        }
        for ((name, settings) in consoles) {
            val console = JavaConfig.console()
            if (applyAll(Kind.CONSOLE, name, settings, console, CONSOLE_SETTINGS, problems)) {
                if (checkAlone(Kind.CONSOLE, name, processKey, problems) { it.console(console) }) builder.console(console)
            }
        }
        if (problems.isEmpty()) {
            try {
                return builder.build()
            } catch (e: IllegalArgumentException) {
                problems[""] = e.message ?: e.toString()
            }
        }
        throw problems.toException(source)
    }

    /** Problems by the key they concern, reported in key order whatever order they were found in. */
    private class Problems {
        private val byKey = sortedMapOf<String, MutableList<String>>()

        operator fun set(key: String, problem: String) {
            byKey.getOrPut(key) { ArrayList() } += problem
        }

        val size: Int get() = byKey.values.sumOf { it.size }

        fun isEmpty(): Boolean = byKey.isEmpty()

        fun toException(source: String): IllegalArgumentException =
            IllegalArgumentException(
                "rotolog: invalid configuration in $source ($size problem${if (size == 1) "" else "s"}):" +
                    byKey.values.flatten().joinToString("") { "\n  - $it" },
            )
    }

    private fun parseFile(
        name: String,
        settings: Map<String, String>,
        processKey: String?,
        problems: Problems,
    ): JavaConfig.FileBuilder? {
        val prefix = "$FILE_PREFIX$name."
        val pathText = settings[PATH]
        if (pathText == null) {
            problems["${prefix}path"] = "${prefix}path is missing; every file target needs one, e.g. ${prefix}path = $DEFAULT_PATH"
            return null
        }
        val path = ValueTypes.path.parse(pathText)
        if (path == null) {
            problems["${prefix}path"] = notAllowed("${prefix}path", pathText, ValueTypes.path)
            return null
        }
        val file = JavaConfig.file(path)
        if (!applyAll(Kind.FILE, name, settings - PATH, file, FILE_SETTINGS, problems)) return null
        return if (checkAlone(Kind.FILE, name, processKey, problems) { it.file(file) }) file else null
    }

    /** Applies every setting of one target; false when some key or value was wrong (each one is a problem). */
    private fun <B : JavaConfig.TargetBuilder<B>> applyAll(
        kind: Kind,
        name: String,
        settings: Map<String, String>,
        target: B,
        known: Map<String, Setting<B, *>>,
        problems: Problems,
    ): Boolean {
        val prefix = "${kind.prefix}$name."
        val keys = if (kind == Kind.FILE) FILE_KEYS else CONSOLE_KEYS
        val before = problems.size
        for ((settingName, value) in settings) {
            val setting = known[settingName]
            if (setting == null) {
                problems[prefix + settingName] = unknown(prefix + settingName, settingName, keys) +
                    " A ${kind.word} target knows: ${keys.joinToString(", ")}"
            } else if (!setting.applyText(target, value)) {
                problems[prefix + settingName] = notAllowed(prefix + settingName, value, setting.type)
            }
        }
        if (ValueTypes.layout.parse(settings[LAYOUT] ?: "") == ValueTypes.LayoutKind.JSON) {
            for (key in settings.keys.filter { it in PATTERN_KEYS }) {
                problems[prefix + key] = "$prefix$key applies to the pattern layout, but ${prefix}layout = json; remove one of them"
            }
        }
        return problems.size == before
    }

    /**
     * Range checks live in the core builder; build this target alone to tie its message to this target's keys.
     * False when it failed (the problem is recorded).
     */
    private fun checkAlone(
        kind: Kind,
        name: String,
        processKey: String?,
        problems: Problems,
        add: (JavaConfig.Builder) -> Unit,
    ): Boolean {
        val prefix = "${kind.prefix}$name."
        try {
            val alone = JavaConfig.builder().shutdownHook(false)
            processKey?.let { alone.processKey(it) }
            add(alone)
            alone.build()
        } catch (e: IllegalArgumentException) {
            val message = e.message ?: e.toString()
            val renamed = CORE_TARGET_NAME.find(message)?.let { prefix.dropLast(1) + message.substring(it.range.last + 1) } ?: message
            // The core names a per-level pattern pattern[ERROR]; its key here is pattern.ERROR.
            problems[prefix] = renamed.replace(PER_LEVEL_PATTERN, "\$1.pattern.\$2:")
            return false
        }
        return true
    }

    /**
     * The core builder names a target `file("logs/app.log")` or `console(STDOUT)`; properties users know it as
     * `file.<name>` or `console.<name>`.
     */
    private val PER_LEVEL_PATTERN = Regex("^(\\S+)\\.pattern\\[([A-Z]+)]:")

    private val CORE_TARGET_NAME = Regex("^(file\\(\"[^\"]*\"\\)|console\\([A-Z]+\\))")

    private fun notAllowed(key: String, value: String, type: ValueType<*>): String =
        "$key = \"$value\" is not allowed; use ${type.allowed}"

    private fun unknown(key: String, name: String, known: Collection<String>): String {
        val suggestion = known.minByOrNull { editDistance(it.lowercase(), name.lowercase()) }
            ?.takeIf { editDistance(it.lowercase(), name.lowercase()) <= maxOf(2, name.length / 4) }
        return "unknown key \"$key\"" + (suggestion?.let { "; did you mean \"$it\"?" } ?: ".")
    }

    private fun editDistance(a: String, b: String): Int {
        var previous = IntArray(b.length + 1) { it }
        for (i in 1..a.length) {
            val current = IntArray(b.length + 1)
            current[0] = i
            for (j in 1..b.length) {
                val substitution = previous[j - 1] + if (a[i - 1] == b[j - 1]) 0 else 1
                current[j] = minOf(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.length]
    }
}
