package dev.rotolog.slf4j.config

import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import java.nio.file.InvalidPathException
import java.nio.file.Path
import java.nio.file.Paths
import java.time.DateTimeException
import java.time.ZoneId
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * How the text of one properties value becomes a typed value, and what to tell the user when it does not:
 * [allowed] completes the sentence "... is not allowed; use ...".
 */
internal class ValueType<T : Any>(val allowed: String, val parse: (String) -> T?)

internal object ValueTypes {
    val level: ValueType<Level> = enumType(Level.entries)
    val overflow: ValueType<OverflowPolicy> = enumType(OverflowPolicy.entries)
    val durability: ValueType<Durability> = enumType(Durability.entries)

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
    val duration: ValueType<java.time.Duration> =
        ValueType("a duration such as 500ms, 5s, 2m or PT5S") { Duration.parseOrNull(it)?.toJavaDuration() }

    val zone: ValueType<ZoneId> =
        ValueType("a zone id such as UTC, Europe/Berlin or +01:00") {
            try {
                ZoneId.of(it)
            } catch (_: DateTimeException) {
                null
            }
        }

    val text: ValueType<String> = ValueType("a non-empty text") { it.ifEmpty { null } }

    val path: ValueType<Path> =
        ValueType("a file path such as logs/app.log") {
            try {
                Paths.get(it).takeIf { path -> it.isNotEmpty() && path.fileName != null }
            } catch (_: InvalidPathException) {
                null
            }
        }

    private fun <E : Enum<E>> enumType(values: List<E>): ValueType<E> =
        ValueType("one of " + values.joinToString(", ")) { text -> values.firstOrNull { it.name.equals(text, ignoreCase = true) } }
}
