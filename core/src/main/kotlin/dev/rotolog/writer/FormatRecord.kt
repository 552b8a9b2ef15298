package dev.rotolog.writer

import dev.rotolog.LogRecord
import dev.rotolog.layout.Layout
import dev.rotolog.layout.MinimalLine
import dev.rotolog.status.StatusReporter

/**
 * Formats [record] with [layout] into [out] (cleared first), ending it with a newline, and returns true. A layout that
 * fails, with any Throwable (an OutOfMemoryError, a `toString()` that throws), is reported and its record replaced by
 * the [MinimalLine]; when even that cannot be built, [out] is left empty and the result is false: the record is left
 * out and the caller counts it as lost. Never throws.
 */
internal fun formatRecord(
    layout: Layout,
    record: LogRecord,
    out: StringBuilder,
    status: StatusReporter,
    label: String,
): Boolean {
    val failure =
        try {
            out.setLength(0)
            layout.format(record, out)
            if (out.isEmpty() || out[out.length - 1] != '\n') out.append('\n')
            return true
        } catch (failure: Throwable) {
            failure
        }
    return replaceByMinimalLine(layout, record, failure, out, status, label)
}

/**
 * Reports that [layout] failed on [record] with [failure] and puts the [MinimalLine] for it into [out] (cleared first);
 * false, with [out] empty, when even that fails (reported too). Never throws.
 *
 * This runs outside the catch block that caught [failure], after [out] gave back what the failed record took: after an
 * OutOfMemoryError the builder itself may hold most of the memory the minimal line needs.
 */
internal fun replaceByMinimalLine(
    layout: Layout,
    record: LogRecord,
    failure: Throwable,
    out: StringBuilder,
    status: StatusReporter,
    label: String,
): Boolean {
    out.setLength(0)
    if (out.capacity() > MinimalLine.MAX_FIELD_CHARS * 16) out.trimToSize()
    status.report(
        "layout:$label",
        { "the layout failed on a record of ${MinimalLine.cut(record.loggerName)}" },
        failure,
    )
    try {
        MinimalLine.append(layout, record, failure, out)
        return true
    } catch (second: Throwable) {
        out.setLength(0)
        status.report(
            "unwritable:$label",
            {
                "a record of ${MinimalLine.cut(record.loggerName)} was left out of $label: not even a minimal line could be made"
            },
            second,
        )
        return false
    }
}
