package dev.rotolog.layout

import dev.rotolog.LogRecord

/**
 * Turns a [LogRecord] into the text of one record in the file.
 *
 * Layouts run on the writer's thread, never on the caller's. A layout appends the whole record, including its line
 * terminator, to the `out` of [format]; the writer adds a newline if a layout forgets one, because a record that does
 * not end with one would be glued to the next.
 */
public interface Layout {
    public fun format(record: LogRecord, out: StringBuilder)
}
