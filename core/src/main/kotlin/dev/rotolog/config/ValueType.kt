package dev.rotolog.config

import dev.rotolog.ConsoleStream
import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import java.nio.file.InvalidPathException
import java.nio.file.Path
import java.nio.file.Paths
import java.time.DateTimeException
import java.time.DayOfWeek
import java.time.ZoneId
import kotlin.time.Duration

/**
 * How the text of one properties value becomes a typed value, and what to tell the user when it does not: [allowed]
 * completes the sentence "... is not allowed; use ...".
 */
internal class ValueType<T : Any>(val allowed: String, val parse: (String) -> T?)

internal object ValueTypes {
    val level: ValueType<Level> = enumType(Level.entries)
    val overflow: ValueType<OverflowPolicy> = enumType(OverflowPolicy.entries)
    val durability: ValueType<Durability> = enumType(Durability.entries)
    val stream: ValueType<ConsoleStream> = enumType(ConsoleStream.entries)
    val dayOfWeek: ValueType<DayOfWeek> = enumType(DayOfWeek.entries)

    /** The layouts a target can choose by name. */
    enum class LayoutKind {
        PATTERN,
        JSON,
    }

    val layout: ValueType<LayoutKind> =
        ValueType("pattern or json") { text ->
            LayoutKind.entries.firstOrNull { it.name.equals(text, ignoreCase = true) }
        }

    /** A rotation period: an amount and a unit, singular or plural, in any case (`1 HOURS`, `15 minutes`, `1 day`). */
    val period: ValueType<Pair<Int, PeriodUnit>> =
        ValueType(
            "an amount and a unit such as 1 HOURS, 15 MINUTES or 1 DAYS (units: SECONDS, MINUTES, HOURS, DAYS, WEEKS)"
        ) { text ->
            val parts = text.split(Regex("\\s+"))
            val amount = parts.getOrNull(0)?.toIntOrNull()
            val unitText = parts.getOrNull(1)?.uppercase()
            val unit = PeriodUnit.entries.firstOrNull { it.name == unitText || it.name == unitText + "S" }
            if (parts.size != 2 || amount == null || unit == null) null else amount to unit
        }

    /**
     * A size in bytes: a number, or a number and a binary unit, as the DSL's helpers (`64MB` = 64 x 1,048,576 bytes).
     * Units: B, KB, MB, GB (also KiB, MiB, GiB), any case, with or without a space.
     */
    val size: ValueType<Long> =
        ValueType("a size such as 64MB, 512KB, 1GB or a number of bytes") { text ->
            val match = Regex("(\\d+)\\s*([A-Za-z]*)").matchEntire(text)
            val number = match?.groupValues?.get(1)?.toLongOrNull()
            val factor =
                when (match?.groupValues?.get(2)?.lowercase()) {
                    "",
                    "b" -> 1L
                    "k",
                    "kb",
                    "kib" -> 1L shl 10
                    "m",
                    "mb",
                    "mib" -> 1L shl 20
                    "g",
                    "gb",
                    "gib" -> 1L shl 30
                    else -> null
                }
            if (number == null || factor == null || number > Long.MAX_VALUE / factor) null else number * factor
        }

    /** Comma-separated logger-name prefixes; each is checked by the core builder. */
    val prefixes: ValueType<List<String>> =
        ValueType("comma-separated logger name prefixes such as com.example.audit, com.example.security") { text ->
            text.split(',').map { it.trim() }.takeIf { list -> list.none { it.isEmpty() } }
        }

    val boolean: ValueType<Boolean> =
        ValueType("true or false") {
            when (it.lowercase()) {
                "true" -> true
                "false" -> false
                else -> null
            }
        }

    /** Digits, optionally grouped with underscores as in Kotlin and Java literals (`65_536`). */
    val wholeNumber: ValueType<Int> =
        ValueType("a whole number such as 65536") { text ->
            if (text.startsWith('_') || text.endsWith('_')) null else text.replace("_", "").toIntOrNull()
        }

    /** Kotlin's duration syntax (`500ms`, `5s`, `1m 30s`) or ISO-8601 (`PT5S`). */
    val duration: ValueType<Duration> =
        ValueType("a duration such as 500ms, 5s, 2m or PT5S") { Duration.parseOrNull(it) }

    val zone: ValueType<ZoneId> =
        ValueType("a zone id such as UTC, Europe/Berlin or +01:00") {
            try {
                ZoneId.of(it)
            } catch (_: DateTimeException) {
                null
            }
        }

    val text: ValueType<String> = ValueType("a non-empty text") { it.ifEmpty { null } }

    val anyText: ValueType<String> = ValueType("any text") { it }

    val path: ValueType<Path> =
        ValueType("a file path such as logs/app.log") {
            try {
                Paths.get(it).takeIf { path -> it.isNotEmpty() && path.fileName != null }
            } catch (_: InvalidPathException) {
                null
            }
        }

    private fun <E : Enum<E>> enumType(values: List<E>): ValueType<E> =
        ValueType("one of " + values.joinToString(", ")) { text ->
            values.firstOrNull { it.name.equals(text, ignoreCase = true) }
        }
}
