package dev.rotolog.layout

/**
 * Where a layout writes a record: the file writer's [Utf8Buffer] or a caller's StringBuilder ([StringBuilderSink] for
 * [Layout.format]), so one piece of layout code serves both outputs.
 */
internal interface TextSink {
    /** Appends [c], which must be ASCII. */
    fun appendAscii(c: Char)

    /** Appends a constant piece of text; [utf8] holds its UTF-8 bytes, prepared once. */
    fun appendLiteral(text: String, utf8: ByteArray)

    /** Appends [text] escaped by [LineEscaper], letting CR and LF through when [keepLineBreaks] is set. */
    fun appendField(text: String, keepLineBreaks: Boolean)
}

internal class StringBuilderSink(private val out: StringBuilder) : TextSink {
    override fun appendAscii(c: Char) {
        out.append(c)
    }

    override fun appendLiteral(text: String, utf8: ByteArray) {
        out.append(text)
    }

    override fun appendField(text: String, keepLineBreaks: Boolean) {
        LineEscaper.appendEscaped(text, out, keepLineBreaks)
    }
}
