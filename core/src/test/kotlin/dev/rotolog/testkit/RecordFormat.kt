package dev.rotolog.testkit

import dev.rotolog.layout.LineEscaper

/**
 * How a test record looks: the message is a marker `P<process> T<thread> S<seq> ` followed by the generated payload,
 * and the line is [PATTERN]'s prefix (time, level, thread, logger) plus the message with line breaks and controls
 * escaped by the layout.
 */
object RecordFormat {
    /** The layout pattern the logging child uses: a realistic prefix, then the message. */
    const val PATTERN: String = "%d %-5level [%thread] %logger - %msg%n"

    /** What [PATTERN] puts before the message for a test record (thread `w<t>`, logger `p<process>`). */
    val PREFIX: Regex = Regex("""\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} INFO  \[w\d+] p\d+ - """)

    /**
     * A line of rotolog's own in a [PATTERN] log (logger `rotolog`, e.g. a drop notice) for [RecordChecker]'s
     * `noticeLine`; it never carries a record marker.
     */
    val NOTICE: Regex =
        Regex(
            """\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} (INFO |WARN |ERROR) \[[^\]]*] rotolog - .+"""
        )

    /** Sequence numbers are zero-padded to this width so lines sort by eye; wider numbers are fine too. */
    private const val SEQ_WIDTH = 6

    fun marker(process: Int, thread: Int, seq: Int): String = buildString {
        append('P').append(process).append(" T").append(thread).append(" S")
        val digits = seq.toString()
        for (i in digits.length until SEQ_WIDTH) append('0')
        append(digits).append(' ')
    }

    /** The message the child logs for (process, thread, seq). */
    fun message(process: Int, thread: Int, seq: Int): String =
        marker(process, thread, seq) + PayloadGenerator.payload(process, thread, seq)

    /** The message as it must appear in the file: the layout's escaping applied to the payload. */
    fun expectedText(process: Int, thread: Int, seq: Int): String =
        marker(process, thread, seq) + LineEscaper.escape(PayloadGenerator.payload(process, thread, seq))

    /** A marker found in a line: where it starts, where the payload starts, and the ids it names. */
    class Marker(val start: Int, val end: Int, val process: Int, val thread: Int, val seq: Int)

    /** Every well-formed marker in [line], in order. A payload never contains one (it has no 'P'). */
    fun findMarkers(line: CharSequence): List<Marker> {
        val found = ArrayList<Marker>(1)
        var i = line.indexOf('P')
        while (i >= 0) {
            val marker = parseMarkerAt(line, i)
            if (marker != null) found += marker
            i = line.indexOf('P', marker?.end ?: (i + 1))
        }
        return found
    }

    /** Parses `P<digits> T<digits> S<digits> ` at [start], or null. */
    fun parseMarkerAt(line: CharSequence, start: Int): Marker? {
        var i = start
        fun number(letter: Char, leadingSpace: Boolean): Int? {
            if (leadingSpace) {
                if (i >= line.length || line[i] != ' ') return null
                i++
            }
            if (i >= line.length || line[i] != letter) return null
            i++
            val from = i
            var value = 0L
            while (i < line.length && line[i] in '0'..'9' && i - from < 10) value = value * 10 + (line[i++] - '0')
            if (i == from || value > Int.MAX_VALUE) return null
            return value.toInt()
        }
        val process = number('P', leadingSpace = false) ?: return null
        val thread = number('T', leadingSpace = true) ?: return null
        val seq = number('S', leadingSpace = true) ?: return null
        if (i >= line.length || line[i] != ' ') return null
        return Marker(start, i + 1, process, thread, seq)
    }
}
