package dev.rotolog.layout

import dev.rotolog.LogRecord
import java.time.ZoneId
import java.time.ZoneOffset

/**
 * A JSON-lines layout: one JSON object per line, with field names from the Elastic Common Schema (ECS), so Filebeat,
 * Fluent Bit, Vector or rsyslog can tail the file without a parser of their own.
 *
 * Fields: `@timestamp` (ISO-8601 with milliseconds and offset, in [zone]), `log.level`, `log.logger`,
 * `process.thread.name`, `message`, `tags` (the markers), `error.type`, `error.message` and `error.stack_trace` (the
 * whole trace with causes and suppressed exceptions, as one string), `ecs.version`; then the context fields and the
 * record's key-values as top-level fields, as ECS logging libraries place the MDC. Numbers and booleans in key-values
 * stay JSON numbers and booleans; anything else becomes its `toString()` (`<toString() failed: class>` when that
 * throws; likewise for a throwable's `getMessage()`).
 *
 * Every string is escaped: quotes and backslashes, every control character (C0, DEL and C1, NEL and the terminal CSI
 * U+009B included), the line and paragraph separators U+2028 and U+2029, and the bidirectional embeddings, overrides
 * and isolates (U+202A to U+202E, U+2066 to U+2069) as `\uXXXX`, which a JSON reader turns back into the same
 * characters; a lone surrogate becomes U+FFFD. The output is always valid JSON in valid UTF-8, one record per line, and
 * shows no terminal sequence and no reordered text when looked at with `cat` or `less`.
 *
 * Limits: a context or key-value field named like an ECS field is written as given, after it, so parsers that keep the
 * last duplicate see the caller's value. Use distinct names.
 */
public fun JsonLayout(zone: ZoneId = ZoneOffset.UTC): Layout = EcsJsonLayout(TimestampFormat(zone))

internal class EcsJsonLayout(private val timestamps: TimestampFormat) : Layout {
    override fun format(record: LogRecord, out: StringBuilder) {
        out.append("{\"@timestamp\":\"")
        timestamps.append(record.epochMillis, out)
        out.append("\",\"log.level\":\"").append(record.level.name).append('"')
        field("log.logger", record.loggerName, out)
        field("process.thread.name", record.threadName, out)
        field("message", record.message, out)
        if (record.markers.isNotEmpty()) {
            out.append(",\"tags\":[")
            record.markers.forEachIndexed { i, marker ->
                if (i > 0) out.append(',')
                string(marker, out)
            }
            out.append(']')
        }
        record.throwable?.let { appendError(it, out) }
        out.append(",\"ecs.version\":\"").append(ECS_VERSION).append('"')
        for ((key, value) in record.context) field(key, value, out)
        for ((key, value) in record.keyValues) {
            out.append(',')
            string(key, out)
            out.append(':')
            value(value, out)
        }
        out.append("}\n")
    }

    private fun appendError(throwable: Throwable, out: StringBuilder) {
        field("error.type", throwable.javaClass.name, out)
        FieldText.message(throwable)?.let { field("error.message", it, out) }
        field("error.stack_trace", FieldText.stackTrace(throwable), out)
    }

    /**
     * The minimal line for a record this layout could not write (see [MinimalLine]): a JSON object with the time,
     * level, logger and start of the message given, and `rotolog.failure` saying what failed, so a JSON log stays JSON.
     */
    fun appendMinimalLine(record: LogRecord, logger: String, message: String, failureNote: String, out: StringBuilder) {
        out.append("{\"@timestamp\":\"")
        timestamps.append(record.epochMillis, out)
        out.append("\",\"log.level\":\"").append(record.level.name).append('"')
        field("log.logger", logger, out)
        field("message", message, out)
        field("rotolog.failure", failureNote, out)
        out.append(",\"ecs.version\":\"").append(ECS_VERSION).append('"')
        out.append("}\n")
    }

    private fun field(name: String, value: String, out: StringBuilder) {
        out.append(',')
        string(name, out)
        out.append(':')
        string(value, out)
    }

    private fun value(value: Any?, out: StringBuilder) {
        when (value) {
            null -> out.append("null")
            is Boolean -> out.append(value)
            is Int,
            is Long,
            is Short,
            is Byte -> out.append(value)
            is Double -> if (value.isFinite()) out.append(value) else string(value.toString(), out)
            is Float -> if (value.isFinite()) out.append(value) else string(value.toString(), out)
            else -> string(FieldText.of(value), out)
        }
    }

    private fun string(text: String, out: StringBuilder) {
        out.append('"')
        JsonEscaper.appendEscaped(text, out)
        out.append('"')
    }

    private companion object {
        const val ECS_VERSION = "8.11"
    }
}

/** Escapes text for the inside of a JSON string; see [JsonLayout] for the rules. */
internal object JsonEscaper {
    private val HEX = "0123456789abcdef".toCharArray()

    fun appendEscaped(text: CharSequence, out: StringBuilder) {
        var i = 0
        val n = text.length
        while (i < n) {
            val c = text[i]
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                c == '\t' -> out.append("\\t")
                c < ' ' || c in '\u007f'..'\u009f' || c in '\u2028'..'\u202e' || c in '\u2066'..'\u2069' ->
                    unicode(c, out)
                Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text[i + 1]) -> {
                    out.append(c).append(text[i + 1])
                    i++
                }
                Character.isSurrogate(c) -> out.append('\ufffd')
                else -> out.append(c)
            }
            i++
        }
    }

    private fun unicode(c: Char, out: StringBuilder) {
        out.append("\\u")
        val code = c.code
        for (shift in intArrayOf(12, 8, 4, 0)) out.append(HEX[(code shr shift) and 0xF])
    }
}
