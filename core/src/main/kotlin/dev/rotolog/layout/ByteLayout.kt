package dev.rotolog.layout

import dev.rotolog.LogRecord

/**
 * A layout that also writes a record's UTF-8 bytes itself, so the file writer skips the text in between: fields go from
 * their Strings straight into the batch buffer, escaped on the way. The writer calls [Layout.format] for layouts that
 * are not one; [encode] must give the bytes of [format]'s text, with '?' for a lone surrogate.
 */
internal interface ByteLayout : Layout {
    /** Appends the whole record, line terminator included, to [out]. It may leave a partial record when it throws. */
    fun encode(record: LogRecord, out: Utf8Buffer)
}
