package dev.rotolog.config

import dev.rotolog.ConsoleStream
import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.LoggerNames
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.internal.FilePermissions
import dev.rotolog.layout.DEFAULT_PATTERN
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.RotationPeriod
import java.time.DayOfWeek
import java.time.ZoneId
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The schema of target settings: the one list the Kotlin DSL, the Java builder and the properties reader render. Adding
 * a setting is one entry here (plus the DSL property and Java method that expose it, and its use); the properties key,
 * the checks, the messages in each front-end's spelling and the docs-table test follow from it.
 *
 * The order is the order of checks and of the properties file's list of known keys.
 */
internal object TargetSettings {
    const val MAX_QUEUE: Int = 1 shl 24

    private val JAVA_AND_PROPERTIES = setOf(FrontEnd.JAVA, FrontEnd.PROPERTIES)
    private val DSL_AND_JAVA = setOf(FrontEnd.DSL, FrontEnd.JAVA)

    // The text layout described piece by piece (Java builder, properties); the DSL builds a Layout with pattern().
    val json: Setting<Boolean> =
        Setting(null, "json", Scope.TARGET, false, ValueTypes.layout, "`pattern`", JAVA_AND_PROPERTIES)
    val pattern: Setting<String?> =
        Setting(null, "pattern", Scope.TARGET, null, ValueTypes.text, "`$DEFAULT_PATTERN`", JAVA_AND_PROPERTIES) {
            it?.let(::patternProblem)
        }
    val perLevelPattern: Setting<Map<Level, String>> =
        Setting(null, "patternFor", Scope.TARGET, emptyMap(), ValueTypes.text, "`pattern`", JAVA_AND_PROPERTIES)
    val layoutZone: Setting<ZoneId?> =
        Setting(null, "zone", Scope.TARGET, null, ValueTypes.zone, "system zone (JSON: UTC)", JAVA_AND_PROPERTIES)
    val escapeLineBreaks: Setting<Boolean?> =
        Setting(null, "escapeLineBreaks", Scope.TARGET, null, ValueTypes.boolean, "`true`", JAVA_AND_PROPERTIES)
    val layout: Setting<Layout?> = Setting(null, "layout", Scope.TARGET, null, null, "`pattern()`", DSL_AND_JAVA)

    val level: Setting<Level> = Setting(null, "level", Scope.TARGET, Level.TRACE, ValueTypes.level, "`TRACE`")
    val loggers: Setting<List<String>> =
        Setting(null, "loggers", Scope.TARGET, emptyList(), ValueTypes.prefixes, "all", check = ::prefixProblem)
    val excludeLoggers: Setting<List<String>> =
        Setting(null, "excludeLoggers", Scope.TARGET, emptyList(), ValueTypes.prefixes, "none", check = ::prefixProblem)
    val overflow: Setting<OverflowPolicy> =
        Setting(null, "overflow", Scope.TARGET, OverflowPolicy.BLOCK, ValueTypes.overflow, "`BLOCK`")
    val queueCapacity: Setting<Int> =
        Setting(
            null,
            "queueCapacity",
            Scope.TARGET,
            65_536,
            ValueTypes.wholeNumber,
            "`65536`",
            check = ::recordsProblem,
        )
    val blockTimeout: Setting<Duration> =
        Setting(null, "blockTimeout", Scope.TARGET, 5.seconds, ValueTypes.duration, "`5s`", check = ::timeoutProblem)
    val closeTimeout: Setting<Duration> =
        Setting(null, "closeTimeout", Scope.TARGET, 10.seconds, ValueTypes.duration, "`10s`", check = ::timeoutProblem)

    val stream: Setting<ConsoleStream> =
        Setting(null, "stream", Scope.CONSOLE, ConsoleStream.STDOUT, ValueTypes.stream, "`STDOUT`")

    val durability: Setting<Durability> =
        Setting(null, "durability", Scope.FILE, Durability.PROCESS_CRASH, ValueTypes.durability, "`PROCESS_CRASH`")
    val maxBatchRecords: Setting<Int> =
        Setting(null, "maxBatchRecords", Scope.FILE, 8_192, ValueTypes.wholeNumber, "`8192`", check = ::recordsProblem)
    val permissions: Setting<String?> =
        Setting(null, "permissions", Scope.FILE, null, ValueTypes.text, "the JDK's") { it?.let(::permissionsProblem) }
    val rotateEvery: Setting<Pair<Int, PeriodUnit>?> =
        Setting("rotate", "every", Scope.FILE, null, ValueTypes.period, "no time rotation") { every ->
            every?.let { (amount, unit) ->
                try {
                    RotationPeriod.of(amount, unit, DayOfWeek.MONDAY, "")
                    null
                } catch (e: IllegalArgumentException) {
                    e.message?.removePrefix(": ")
                }
            }
        }
    val rotateMaxSize: Setting<Long?> =
        Setting("rotate", "maxSize", Scope.FILE, null, ValueTypes.size, "no size limit") { size ->
            size?.takeIf { it <= 0 }?.let { "$it is not allowed; use a positive number of bytes such as 64.megabytes" }
        }
    /** Null stands for the system zone as it is when the configuration is built. */
    val rotateZone: Setting<ZoneId?> = Setting("rotate", "zone", Scope.FILE, null, ValueTypes.zone, "system zone")
    val rotateWeekStart: Setting<DayOfWeek> =
        Setting("rotate", "weekStart", Scope.FILE, DayOfWeek.MONDAY, ValueTypes.dayOfWeek, "`MONDAY`")
    val compress: Setting<Boolean> = Setting(null, "compress", Scope.FILE, false, ValueTypes.boolean, "`false`")
    val compressionDelay: Setting<Duration> =
        Setting(null, "compressionDelay", Scope.FILE, Duration.ZERO, ValueTypes.duration, "`0s`") { delay ->
            if (!delay.isNegative() && delay.isFinite()) null
            else "$delay is not allowed; use zero or a positive, finite duration"
        }
    val keepArchives: Setting<Int?> =
        Setting("keep", "archives", Scope.FILE, null, ValueTypes.wholeNumber, "no limit") { count ->
            count?.takeIf { it < 1 }?.let { "$it is not allowed; use 1 or more (to keep no archives, do not rotate)" }
        }
    val keepMaxAge: Setting<Duration?> =
        Setting("keep", "maxAge", Scope.FILE, null, ValueTypes.duration, "no limit") { age ->
            age?.takeUnless { it.isPositive() && it.isFinite() }
                ?.let { "$it is not allowed; use a positive, finite duration such as 30.days" }
        }
    val keepTotalSize: Setting<Long?> =
        Setting("keep", "totalSize", Scope.FILE, null, ValueTypes.size, "no limit") { size ->
            size?.takeIf { it <= 0 }?.let { "$it is not allowed; use a positive number of bytes such as 2.gigabytes" }
        }

    /** Every setting, in order. */
    val all: List<Setting<*>> =
        listOf(
            json,
            pattern,
            perLevelPattern,
            layoutZone,
            escapeLineBreaks,
            layout,
            level,
            loggers,
            excludeLoggers,
            overflow,
            queueCapacity,
            blockTimeout,
            closeTimeout,
            stream,
            durability,
            maxBatchRecords,
            permissions,
            rotateEvery,
            rotateZone,
            rotateWeekStart,
            rotateMaxSize,
            compress,
            compressionDelay,
            keepArchives,
            keepMaxAge,
            keepTotalSize,
        )

    /** The settings of a file ([Scope.FILE]) or console ([Scope.CONSOLE]) target that [frontEnd] offers. */
    fun of(kind: Scope, frontEnd: FrontEnd): List<Setting<*>> =
        all.filter { (it.scope == Scope.TARGET || it.scope == kind) && frontEnd in it.frontEnds }

    /** The settings of [group] (`rotate`, `keep`). */
    fun group(group: String): List<Setting<*>> = all.filter { it.group == group }

    private fun recordsProblem(records: Int): String? =
        if (records in 1..MAX_QUEUE) null else "$records is out of range; use 1 to $MAX_QUEUE"

    private fun timeoutProblem(timeout: Duration): String? =
        if (timeout.isPositive() && timeout.isFinite()) null
        else "$timeout is not allowed; use a positive, finite duration"

    private fun prefixProblem(prefixes: List<String>): String? =
        prefixes.firstOrNull { !LoggerNames.isValidPrefix(it) }?.let { "\"$it\" ${LoggerNames.RULE}" }

    /** What is wrong with a pattern of the text layout, or null. */
    fun patternProblem(pattern: String): String? {
        if (pattern.isEmpty()) return "an empty pattern writes nothing; use e.g. $DEFAULT_PATTERN"
        return try {
            PatternLayout(pattern)
            null
        } catch (e: IllegalArgumentException) {
            // PatternLayout names the pattern ("pattern: ..."); the front-end names it its own way.
            e.message?.substringAfter(": ")
        }
    }

    private fun permissionsProblem(text: String): String? {
        val parsed =
            FilePermissions.parse(text)
                ?: return "\"$text\" is not a file mode; use nine characters of r, w, x and - as ls -l shows them " +
                    "(rw-r-----) or three octal digits (640)"
        return FilePermissions.problem(parsed)?.let { "\"$text\" is not allowed; $it, e.g. rw-r-----" }
    }
}
