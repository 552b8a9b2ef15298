package dev.rotolog.slf4j.config

import dev.rotolog.Level
import dev.rotolog.RotologBuilder
import dev.rotolog.RotologConfig
import dev.rotolog.config.FrontEnd
import dev.rotolog.config.Problem
import dev.rotolog.config.Scope
import dev.rotolog.config.Setting
import dev.rotolog.config.Spelling
import dev.rotolog.config.TargetSettings
import dev.rotolog.config.TargetSpec
import dev.rotolog.config.ValueType
import dev.rotolog.config.ValueTypes
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
 *
 * Without any `file.*` or `console.*` key the configuration has one file target, [DEFAULT_PATH].
 *
 * Every problem is collected, then all are thrown at once as one [IllegalArgumentException], each line naming the key,
 * the value and what is allowed; unknown keys are problems too (with a suggestion when a known key is close), so a
 * misspelt setting never goes unnoticed.
 *
 * The keys of targets, their types, checks and messages come from the schema ([TargetSettings]); a setting added there
 * is a key here.
 */
internal object PropertiesConfig {
    /** The file target used when the configuration names none. */
    const val DEFAULT_PATH: String = "logs/app.log"

    /** A top-level key: how its text is read and where the value goes. */
    private class TopSetting<T : Any>(
        val name: String,
        val type: ValueType<T>,
        val apply: (RotologBuilder, T) -> Unit,
    ) {
        /** Applies [text]; false when it is not a value of [type]. */
        fun applyText(builder: RotologBuilder, text: String): Boolean {
            val value = type.parse(text) ?: return false
            apply(builder, value)
            return true
        }
    }

    private val TOP_SETTINGS: Map<String, TopSetting<*>> =
        listOf<TopSetting<*>>(
                TopSetting("level", ValueTypes.level) { b, v -> b.level = v },
                TopSetting("shutdownHook", ValueTypes.boolean) { b, v -> b.shutdownHook = v },
                TopSetting("processKey", ValueTypes.anyText) { b, v -> b.processKey = v },
            )
            .associateBy { it.name }

    private const val PATH = "path"
    private const val LAYOUT = "layout"

    /** A target key of the schema, with the level for the `pattern.<LEVEL>` keys. */
    private class Key(val setting: Setting<*>, val level: Level?)

    /** The keys of a file or console target, in the order the schema lists them (a console's own first). */
    private fun keysOf(kind: Scope): Map<String, Key> {
        val settings = TargetSettings.of(kind, FrontEnd.PROPERTIES).sortedBy { if (it.scope == Scope.CONSOLE) 0 else 1 }
        val keys = LinkedHashMap<String, Key>()
        for (setting in settings) {
            if (setting === TargetSettings.perLevelPattern) {
                for (level in Level.entries.filter { it != Level.OFF }) keys[
                    PropertiesSpelling.setting(setting, level)] = Key(setting, level)
            } else {
                keys[PropertiesSpelling.setting(setting)] = Key(setting, null)
            }
        }
        return keys
    }

    private val FILE_SETTINGS: Map<String, Key> = keysOf(Scope.FILE)
    private val CONSOLE_SETTINGS: Map<String, Key> = keysOf(Scope.CONSOLE)

    /** Keys that describe the text layout, and so contradict `layout = json`. */
    private val PATTERN_KEYS =
        setOf("pattern", "escapeLineBreaks") + Level.entries.filter { it != Level.OFF }.map { "pattern.$it" }

    private val FILE_KEYS = listOf(PATH) + FILE_SETTINGS.keys
    private val CONSOLE_KEYS = CONSOLE_SETTINGS.keys.toList()
    private const val LOGGER_PREFIX = "logger."
    private const val FILE_PREFIX = "file."
    private const val CONSOLE_PREFIX = "console."
    private val TOP_KEYS_TEXT =
        (TOP_SETTINGS.keys +
                listOf("logger.<name prefix>", "file.<target name>.<setting>", "console.<target name>.<setting>"))
            .joinToString(", ")

    /** The two kinds of target, for messages and key parsing. */
    private enum class Kind(val prefix: String, val word: String, val example: String) {
        FILE(FILE_PREFIX, "file", "file.main.path = $DEFAULT_PATH"),
        CONSOLE(CONSOLE_PREFIX, "console", "console.main.stream = STDOUT"),
    }

    /** The keys of file targets ([Scope.FILE]) or console targets, as the docs' key tables list them. */
    fun knownKeys(kind: Scope): List<String> = if (kind == Scope.FILE) FILE_KEYS else CONSOLE_KEYS

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
    fun load(input: InputStream): Properties =
        Properties().apply { load(InputStreamReader(input, StandardCharsets.UTF_8)) }

    /**
     * The configuration described by [entries].
     *
     * @throws IllegalArgumentException listing every problem found, one per line.
     */
    fun parse(entries: Map<String, String>, source: String): RotologConfig {
        val problems = Problems()
        val builder = RotologBuilder()
        val targets = sortedMapOf<String, MutableMap<String, String>>()
        val consoles = sortedMapOf<String, MutableMap<String, String>>()
        for (key in entries.keys.sorted()) {
            val value = entries.getValue(key).trim()
            when {
                key.startsWith(LOGGER_PREFIX) -> {
                    val prefix = key.removePrefix(LOGGER_PREFIX)
                    if (prefix.isBlank()) {
                        problems[key] =
                            "key \"$key\" names no logger; use $LOGGER_PREFIX<name prefix>, e.g. logger.com.example.db = DEBUG"
                    } else {
                        val level = ValueTypes.level.parse(value)
                        if (level == null) problems[key] = notAllowed(key, value, ValueTypes.level)
                        else builder.logger(prefix, level)
                    }
                }
                key.startsWith(FILE_PREFIX) || key.startsWith(CONSOLE_PREFIX) -> {
                    val kind = if (key.startsWith(FILE_PREFIX)) Kind.FILE else Kind.CONSOLE
                    val rest = key.removePrefix(kind.prefix)
                    val dot = rest.indexOf('.')
                    if (dot <= 0 || dot == rest.length - 1) {
                        problems[key] =
                            "key \"$key\" is incomplete; a ${kind.word} target setting is " +
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
        if (targets.isEmpty() && consoles.isEmpty() && problems.isEmpty())
            builder.targets += TargetSpec(Scope.FILE, DEFAULT_PATH, "main")
        for ((name, settings) in targets) {
            val prefix = "$FILE_PREFIX$name."
            val pathText = settings[PATH]
            if (pathText == null) {
                problems["${prefix}path"] =
                    "${prefix}path is missing; every file target needs one, e.g. ${prefix}path = $DEFAULT_PATH"
                continue
            }
            if (ValueTypes.path.parse(pathText) == null) {
                problems["${prefix}path"] = notAllowed("${prefix}path", pathText, ValueTypes.path)
                continue
            }
            val spec = TargetSpec(Scope.FILE, pathText, name)
            if (applyAll(Kind.FILE, name, settings - PATH, spec, problems)) builder.targets += spec
        }
        for ((name, settings) in consoles) {
            val spec = TargetSpec(Scope.CONSOLE, null, name)
            if (applyAll(Kind.CONSOLE, name, settings, spec, problems)) builder.targets += spec
        }
        if (problems.isEmpty() || builder.targets.isNotEmpty()) {
            val found = ArrayList<Problem>()
            val config = builder.build(PropertiesSpelling, found)
            for (problem in found) problems[problem.key] = problem.message
            if (config != null && problems.isEmpty()) return config
        }
        throw problems.toException(source)
    }

    /** Problems by the key they concern, reported in key order whatever order they were found in. */
    private class Problems {
        private val byKey = sortedMapOf<String, MutableList<String>>()

        operator fun set(key: String, problem: String) {
            byKey.getOrPut(key) { ArrayList() } += problem
        }

        val size: Int
            get() = byKey.values.sumOf { it.size }

        fun isEmpty(): Boolean = byKey.isEmpty()

        fun toException(source: String): IllegalArgumentException =
            IllegalArgumentException(
                "rotolog: invalid configuration in $source ($size problem${if (size == 1) "" else "s"}):" +
                    byKey.values.flatten().joinToString("") { "\n  - $it" }
            )
    }

    /**
     * Reads every setting of one target into [spec]; false when some key or value was wrong (each one is a problem).
     */
    private fun applyAll(
        kind: Kind,
        name: String,
        settings: Map<String, String>,
        spec: TargetSpec,
        problems: Problems,
    ): Boolean {
        val prefix = "${kind.prefix}$name."
        val known = if (kind == Kind.FILE) FILE_SETTINGS else CONSOLE_SETTINGS
        val keys = if (kind == Kind.FILE) FILE_KEYS else CONSOLE_KEYS
        val before = problems.size
        for ((settingName, text) in settings) {
            val key = known[settingName]
            if (key == null) {
                problems[prefix + settingName] =
                    unknown(prefix + settingName, settingName, keys) +
                        " A ${kind.word} target knows: ${keys.joinToString(", ")}"
                continue
            }
            val type = key.setting.type!!
            val value = type.parse(text)
            when {
                value == null -> problems[prefix + settingName] = notAllowed(prefix + settingName, text, type)
                key.level != null ->
                    spec.values[TargetSettings.perLevelPattern] =
                        spec.values[TargetSettings.perLevelPattern] + (key.level to value as String)
                key.setting === TargetSettings.json ->
                    spec.values[TargetSettings.json] = value == ValueTypes.LayoutKind.JSON
                else -> spec.values.setParsed(key.setting, value)
            }
        }
        if (ValueTypes.layout.parse(settings[LAYOUT] ?: "") == ValueTypes.LayoutKind.JSON) {
            for (key in settings.keys.filter { it in PATTERN_KEYS }) {
                problems[prefix + key] =
                    "$prefix$key applies to the pattern layout, but ${prefix}layout = json; remove one of them"
            }
        }
        return problems.size == before
    }

    private fun notAllowed(key: String, value: String, type: ValueType<*>): String =
        "$key = \"$value\" is not allowed; use ${type.allowed}"

    private fun unknown(key: String, name: String, known: Collection<String>): String {
        val suggestion =
            known
                .minByOrNull { editDistance(it.lowercase(), name.lowercase()) }
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

/** The properties file's spelling: `file.main.rotate.maxSize`, `file.main.pattern.ERROR`, `console.err.level`. */
internal object PropertiesSpelling : Spelling {
    override val frontEnd: FrontEnd
        get() = FrontEnd.PROPERTIES

    override fun target(spec: TargetSpec): String = (if (spec.kind == Scope.FILE) "file." else "console.") + spec.label

    override fun setting(setting: Setting<*>, level: Level?): String =
        when {
            level != null -> "pattern.$level"
            setting === TargetSettings.json -> "layout"
            else -> setting.path
        }

    override fun group(group: String, first: Setting<*>?): String = group

    override fun collision(first: TargetSpec, second: TargetSpec, path: Path): Problem =
        Problem(
            "${target(second)}.path",
            "${target(first)}.path and ${target(second)}.path both name $path; configure each file once",
        )
}
