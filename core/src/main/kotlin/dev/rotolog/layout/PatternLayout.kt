package dev.rotolog.layout

import dev.rotolog.Level
import dev.rotolog.LogRecord
import java.nio.charset.StandardCharsets
import java.time.ZoneId

/** The pattern [PatternLayout] uses when given none: `2026-11-21T14:03:07.123+01:00 INFO [main] app - text`. */
public const val DEFAULT_PATTERN: String = "%d %-5level [%thread] %logger - %msg%ctx%ex%n"

/**
 * A text layout driven by a pattern.
 *
 * Conversion words: `%d` (ISO-8601 time with milliseconds and offset in [zone]), `%level` (`%-5level` pads to five),
 * `%thread`, `%logger`, `%msg`, `%ctx` (context fields and key-values as ` key=value` pairs, nothing when there are
 * none), `%X{key}` (one context field), `%marker` (` [A,B]` or nothing), `%ex` (the throwable's stack trace, nothing
 * when there is none), `%n` (newline) and `%%`.
 *
 * [perLevel] gives some levels a pattern of their own, used instead of [pattern] for records of that level, e.g. a
 * shorter line for DEBUG and the stack trace only for ERROR:
 * ```
 * PatternLayout("%d %-5level %logger - %msg%ctx%n", perLevel = mapOf(Level.ERROR to "%d %-5level %logger - %msg%ctx%ex%n"))
 * ```
 *
 * Fields (everything a record brings: message, names, context, key-values, markers, the stack trace) are escaped: CR
 * and LF become `\r` and `\n`, the other control characters (C0, DEL, C1 such as NEL and the terminal CSI U+009B), the
 * line and paragraph separators and the bidirectional overrides and isolates become `\uXXXX`, so one record is always
 * one line, a message cannot forge a record, and none can send a terminal sequence or reorder how a line is displayed.
 * The stack trace of `%ex` then stays on the record's line too. `escapeLineBreaks = false` lets CR and LF through, and
 * only them: records may then span lines (a stack trace on lines of its own), but the other escapes stay. Backslashes
 * are kept as they are. A key-value whose `toString()` throws is written as `<toString() failed: its exception class>`.
 *
 * A width (`%-5level`) pads the level's name; it may be at most 1000.
 *
 * @throws IllegalArgumentException when a pattern has an unknown conversion word, naming the pattern (`pattern` or
 *   `pattern[ERROR]`), the word and its position; when a width is above 1000; or when [perLevel] names [Level.OFF],
 *   which no record has.
 */
public fun PatternLayout(
    pattern: String = DEFAULT_PATTERN,
    zone: ZoneId = ZoneId.systemDefault(),
    escapeLineBreaks: Boolean = true,
    perLevel: Map<Level, String> = emptyMap(),
): Layout {
    val default = PatternParser.parse(pattern, "pattern")
    require(Level.OFF !in perLevel) {
        "pattern[OFF]: OFF is only a threshold, never the level of a record; give patterns for TRACE, DEBUG, INFO, WARN or ERROR"
    }
    val byLevel =
        Level.entries.map { level -> perLevel[level]?.let { PatternParser.parse(it, "pattern[$level]") } ?: default }
    return CompiledPatternLayout(byLevel, TimestampFormat(zone), keepLineBreaks = !escapeLineBreaks)
}

internal class CompiledPatternLayout(
    /** The segments for each level, by [Level.ordinal]. */
    private val byLevel: List<List<PatternSegment>>,
    private val timestamps: TimestampFormat,
    /** `escapeLineBreaks = false`: CR and LF in fields pass, every other escape still applies. */
    private val keepLineBreaks: Boolean,
) : ByteLayout {
    override fun encode(record: LogRecord, out: Utf8Buffer) {
        write(record, out)
    }

    override fun format(record: LogRecord, out: StringBuilder) {
        write(record, StringBuilderSink(out))
    }

    private fun write(record: LogRecord, out: TextSink) {
        val segments = byLevel[record.level.ordinal]
        for (i in segments.indices) {
            // `is` on every branch: a class check, where `==` on the objects would be a virtual equals() call.
            when (val segment = segments[i]) {
                is PatternSegment.Literal -> out.appendLiteral(segment)
                is PatternSegment.Timestamp -> timestamps.write(record.epochMillis, out)
                is PatternSegment.LevelName -> out.appendLiteral(segment.padded[record.level.ordinal])
                is PatternSegment.ThreadName -> out.appendField(record.threadName, keepLineBreaks)
                is PatternSegment.LoggerName -> out.appendField(record.loggerName, keepLineBreaks)
                is PatternSegment.Message -> out.appendField(record.message, keepLineBreaks)
                is PatternSegment.ContextFields -> appendContext(record, out)
                is PatternSegment.ContextField ->
                    record.context[segment.key]?.let { out.appendField(it, keepLineBreaks) }
                is PatternSegment.Markers -> appendMarkers(record, out)
                is PatternSegment.Exception -> record.throwable?.let { appendThrowable(it, out) }
                is PatternSegment.NewLine -> out.appendAscii('\n')
            }
        }
    }

    private fun appendContext(record: LogRecord, out: TextSink) {
        for ((key, value) in record.context) appendPair(key, value, out)
        for ((key, value) in record.keyValues) appendPair(key, FieldText.of(value), out)
    }

    private fun appendPair(key: String, value: String, out: TextSink) {
        out.appendAscii(' ')
        out.appendField(key, keepLineBreaks)
        out.appendAscii('=')
        out.appendField(value, keepLineBreaks)
    }

    private fun appendMarkers(record: LogRecord, out: TextSink) {
        if (record.markers.isEmpty()) return
        out.appendAscii(' ')
        out.appendAscii('[')
        record.markers.forEachIndexed { i, marker ->
            if (i > 0) out.appendAscii(',')
            out.appendField(marker, keepLineBreaks)
        }
        out.appendAscii(']')
    }

    private fun appendThrowable(throwable: Throwable, out: TextSink) {
        val trace = FieldText.stackTrace(throwable).trimEnd()
        out.appendAscii(if (keepLineBreaks) '\n' else ' ')
        out.appendField(trace, keepLineBreaks)
    }

    private fun TextSink.appendLiteral(literal: PatternSegment.Literal) = appendLiteral(literal.text, literal.utf8)
}

internal sealed interface PatternSegment {
    class Literal(val text: String) : PatternSegment {
        val utf8: ByteArray = text.toByteArray(StandardCharsets.UTF_8)
    }

    object Timestamp : PatternSegment

    class LevelName(val width: Int) : PatternSegment {
        /** Each level's name padded to [width], by [Level.ordinal]. */
        val padded: List<Literal> = Level.entries.map { Literal(it.name.padEnd(width)) }
    }

    object ThreadName : PatternSegment

    object LoggerName : PatternSegment

    object Message : PatternSegment

    object ContextFields : PatternSegment

    class ContextField(val key: String) : PatternSegment

    object Markers : PatternSegment

    object Exception : PatternSegment

    object NewLine : PatternSegment
}

internal object PatternParser {
    /**
     * The largest width a pattern may give (`%-1000level`): wide enough for any column, small enough that a typo such
     * as `%-2000000000level` is a configuration error rather than an OutOfMemoryError or a huge run of spaces on every
     * record.
     */
    const val MAX_PATTERN_WIDTH = 1000

    private val WORDS =
        mapOf(
            "d" to PatternSegment.Timestamp,
            "date" to PatternSegment.Timestamp,
            "thread" to PatternSegment.ThreadName,
            "t" to PatternSegment.ThreadName,
            "logger" to PatternSegment.LoggerName,
            "c" to PatternSegment.LoggerName,
            "msg" to PatternSegment.Message,
            "m" to PatternSegment.Message,
            "ctx" to PatternSegment.ContextFields,
            "marker" to PatternSegment.Markers,
            "ex" to PatternSegment.Exception,
            "n" to PatternSegment.NewLine,
        )
    private val KNOWN = (WORDS.keys + listOf("level", "p", "X{key}", "%")).joinToString(", ") { "%$it" }

    /** The segments of [pattern]; [setting] names it in messages (`pattern`, `pattern[ERROR]`). */
    fun parse(pattern: String, setting: String = "pattern"): List<PatternSegment> {
        val segments = ArrayList<PatternSegment>()
        val literal = StringBuilder()
        var i = 0
        fun flushLiteral() {
            if (literal.isNotEmpty()) segments += PatternSegment.Literal(literal.toString())
            literal.setLength(0)
        }
        while (i < pattern.length) {
            val c = pattern[i]
            if (c != '%') {
                literal.append(c)
                i++
                continue
            }
            val start = i
            i++
            if (i < pattern.length && pattern[i] == '%') {
                literal.append('%')
                i++
                continue
            }
            var width = 0
            var widthText = ""
            if (i < pattern.length && pattern[i] == '-') {
                i++
                val digitsStart = i
                while (i < pattern.length && pattern[i] in '0'..'9') i++
                widthText = pattern.substring(digitsStart, i)
                // Nine digits always fit an Int; a longer run would overflow into a small or negative width.
                val trimmed = widthText.trimStart('0')
                width = if (trimmed.length > 9) Int.MAX_VALUE else trimmed.ifEmpty { "0" }.toInt()
            }
            val wordStart = i
            while (i < pattern.length && pattern[i].isLetter()) i++
            val word = pattern.substring(wordStart, i)
            require(width <= MAX_PATTERN_WIDTH) {
                "$setting: width $widthText in '${pattern.substring(start, i)}' at position $start in \"$pattern\" is too " +
                    "large; use a width from 0 to $MAX_PATTERN_WIDTH"
            }
            var argument: String? = null
            if (i < pattern.length && pattern[i] == '{') {
                val end = pattern.indexOf('}', i)
                require(end > i) { "$setting: unclosed '{' at position $i in \"$pattern\"" }
                argument = pattern.substring(i + 1, end)
                i = end + 1
            }
            flushLiteral()
            segments +=
                when {
                    word == "level" || word == "p" -> PatternSegment.LevelName(width)
                    word == "X" && !argument.isNullOrEmpty() -> PatternSegment.ContextField(argument)
                    argument == null && word in WORDS -> WORDS.getValue(word)
                    else ->
                        throw IllegalArgumentException(
                            "$setting: '${pattern.substring(start, i)}' at position $start in \"$pattern\" is not known; " +
                                "use $KNOWN"
                        )
                }
        }
        flushLiteral()
        return segments
    }
}
