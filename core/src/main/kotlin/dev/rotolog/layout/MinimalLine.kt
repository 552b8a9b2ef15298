package dev.rotolog.layout

import dev.rotolog.LogRecord

/**
 * The line written instead of a record that its layout could not write: the layout threw, memory ran out, or the text
 * would not fit in a batch (over 2 GiB). It holds the level, the logger, the start of the message and a note of what
 * failed, escaped like any field, on one line: `WARN com.example.Db - text (layout failed: java.lang.OutOfMemoryError;
 * message cut to its first 1000 of 41943040 chars)`. For the JSON layout it is a JSON object
 * ([EcsJsonLayout.appendMinimalLine]), so a JSON log stays JSON.
 *
 * Logger and message are cut to [MAX_FIELD_CHARS] so the line is small even when the record is huge: it must succeed
 * where the record just failed, typically for want of memory.
 */
internal object MinimalLine {
    const val MAX_FIELD_CHARS = 1000

    /** Appends the minimal line for [record], whose layout failed with [failure], to [out]. */
    fun append(layout: Layout, record: LogRecord, failure: Throwable, out: StringBuilder) {
        val message = cut(record.message)
        val note = buildString {
            append("layout failed: ").append(failure.javaClass.name)
            if (message.length < record.message.length) {
                append("; message cut to its first ")
                    .append(message.length)
                    .append(" of ")
                    .append(record.message.length)
                append(" chars")
            }
        }
        if (layout is EcsJsonLayout) {
            layout.appendMinimalLine(record, cut(record.loggerName), message, note, out)
            return
        }
        out.append(record.level.name).append(' ')
        LineEscaper.appendEscaped(cut(record.loggerName), out)
        out.append(" - ")
        LineEscaper.appendEscaped(message, out)
        out.append(" (")
        // Even a class name may hold control characters.
        LineEscaper.appendEscaped(note, out)
        out.append(")\n")
    }

    /** The first [MAX_FIELD_CHARS] chars of [text], one fewer rather than half a surrogate pair. */
    fun cut(text: String): String {
        if (text.length <= MAX_FIELD_CHARS) return text
        val end = if (Character.isHighSurrogate(text[MAX_FIELD_CHARS - 1])) MAX_FIELD_CHARS - 1 else MAX_FIELD_CHARS
        return text.substring(0, end)
    }
}
