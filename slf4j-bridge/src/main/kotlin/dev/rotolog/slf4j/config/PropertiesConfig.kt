package dev.rotolog.slf4j.config

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
 * file.main.path = logs/app.log             # a file target named "main"; any name without dots
 * file.main.pattern = %d %-5level [%thread] %logger - %msg%ctx%ex%n
 * file.main.zone = UTC                      # and the rest of FILE_SETTINGS below
 * ```
 * Without any `file.*` key the configuration has one target, [DEFAULT_PATH].
 *
 * Every problem is collected, then all are thrown at once as one [IllegalArgumentException], each line naming
 * the key, the value and what is allowed; unknown keys are problems too (with a suggestion when a known key is
 * close), so a misspelt setting never goes unnoticed.
 *
 * Adding a setting is one line in [TOP_SETTINGS] or [FILE_SETTINGS] plus the builder method it calls.
 */
internal object PropertiesConfig {
    /** The file target used when the configuration names none. */
    const val DEFAULT_PATH: String = "logs/app.log"

    private class Setting<B, T : Any>(val name: String, val type: ValueType<T>, val apply: (B, T) -> Unit) {
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
        ).associateBy { it.name }

    private const val PATH = "path"

    private val FILE_SETTINGS: Map<String, Setting<JavaConfig.FileBuilder, *>> =
        listOf<Setting<JavaConfig.FileBuilder, *>>(
            Setting("pattern", ValueTypes.text) { b, v -> b.pattern(v) },
            Setting("zone", ValueTypes.zone) { b, v -> b.zone(v) },
            Setting("escapeLineBreaks", ValueTypes.boolean) { b, v -> b.escapeLineBreaks(v) },
            Setting("overflow", ValueTypes.overflow) { b, v -> b.overflow(v) },
            Setting("queueCapacity", ValueTypes.wholeNumber) { b, v -> b.queueCapacity(v) },
            Setting("blockTimeout", ValueTypes.duration) { b, v -> b.blockTimeout(v) },
            Setting("durability", ValueTypes.durability) { b, v -> b.durability(v) },
            Setting("maxBatchRecords", ValueTypes.wholeNumber) { b, v -> b.maxBatchRecords(v) },
            Setting("closeTimeout", ValueTypes.duration) { b, v -> b.closeTimeout(v) },
        ).associateBy { it.name }

    private val FILE_KEYS = listOf(PATH) + FILE_SETTINGS.keys
    private const val LOGGER_PREFIX = "logger."
    private const val FILE_PREFIX = "file."
    private val TOP_KEYS_TEXT = (TOP_SETTINGS.keys + listOf("logger.<name prefix>", "file.<target name>.<setting>")).joinToString(", ")

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
                key.startsWith(FILE_PREFIX) -> {
                    val rest = key.removePrefix(FILE_PREFIX)
                    val dot = rest.indexOf('.')
                    if (dot <= 0 || dot == rest.length - 1) {
                        problems[key] = "key \"$key\" is incomplete; a file target setting is file.<target name>.<setting>, " +
                            "e.g. file.main.path = $DEFAULT_PATH"
                    } else {
                        targets.getOrPut(rest.substring(0, dot)) { LinkedHashMap() }[rest.substring(dot + 1)] = value
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
        if (targets.isEmpty() && problems.isEmpty()) builder.file(JavaConfig.file(DEFAULT_PATH))
        val pathOwners = HashMap<Path, String>()
        for ((name, settings) in targets) {
            val file = parseTarget(name, settings, problems) ?: continue
            val real = file.path.toAbsolutePath().normalize()
            val other = pathOwners.putIfAbsent(real, name)
            if (other != null) {
                problems["file.$name.path"] = "file.$other.path and file.$name.path both name $real; configure each file once"
                continue
            }
            builder.file(file)
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

    private fun parseTarget(name: String, settings: Map<String, String>, problems: Problems): JavaConfig.FileBuilder? {
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
        val before = problems.size
        for ((settingName, value) in settings) {
            if (settingName == PATH) continue
            val setting = FILE_SETTINGS[settingName]
            if (setting == null) {
                problems[prefix + settingName] = unknown(prefix + settingName, settingName, FILE_KEYS) +
                    " A file target knows: ${FILE_KEYS.joinToString(", ")}"
            } else if (!setting.applyText(file, value)) {
                problems[prefix + settingName] = notAllowed(prefix + settingName, value, setting.type)
            }
        }
        if (problems.size > before) return null
        // Range checks live in the core builder; build this target alone to tie its message to this target's keys.
        try {
            JavaConfig.builder().shutdownHook(false).file(file).build()
        } catch (e: IllegalArgumentException) {
            val message = e.message ?: e.toString()
            problems[prefix] = CORE_TARGET_NAME.find(message)?.let { prefix.dropLast(1) + message.substring(it.range.last + 1) } ?: message
            return null
        }
        return file
    }

    /** The core builder names a target `file("logs/app.log")`; properties users know it as `file.<name>`. */
    private val CORE_TARGET_NAME = Regex("^file\\(\"[^\"]*\"\\)")

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
