package dev.rotolog.layout

import java.nio.charset.StandardCharsets

/**
 * Escapes characters that would let one record look like several lines, or that steer a terminal.
 *
 * CR and LF become `\r` and `\n`, TAB stays, the other C0 controls, DEL, NEL (U+0085) and the Unicode line and
 * paragraph separators (U+2028, U+2029) become `\uXXXX`. Backslashes are left alone so paths stay readable; the
 * escaping is for safety (log injection), not a reversible encoding.
 */
internal object LineEscaper {
    fun appendEscaped(text: CharSequence, out: StringBuilder) {
        var start = 0
        for (i in text.indices) {
            val c = text[i]
            if (!needsEscape(c)) continue
            out.append(text, start, i)
            when (c) {
                '\n' -> out.append("\\n")
                '\r' -> out.append("\\r")
                else -> appendUnicodeEscape(c, out)
            }
            start = i + 1
        }
        out.append(text, start, text.length)
    }

    fun escape(text: CharSequence): String = StringBuilder(text.length + 16).also { appendEscaped(text, it) }.toString()

    fun needsEscape(c: Char): Boolean =
        (c < ' ' && c != '\t') || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029'

    /** The UTF-8 bytes of [c]'s escape, or null when [c] is kept; for [Utf8Buffer.appendEscaped]. */
    fun utf8Escape(c: Char): ByteArray? =
        when {
            c.code < UTF8_ESCAPES.size -> UTF8_ESCAPES[c.code]
            c == '\u2028' -> LINE_SEPARATOR
            c == '\u2029' -> PARAGRAPH_SEPARATOR
            else -> null
        }

    private fun appendUnicodeEscape(c: Char, out: StringBuilder) {
        out.append("\\u")
        val code = c.code
        for (shift in intArrayOf(12, 8, 4, 0)) out.append(HEX[(code shr shift) and 0xF])
    }

    private val HEX = "0123456789abcdef".toCharArray()

    // Spelled by appendEscaped, so both outputs escape alike.
    private fun utf8EscapeOf(c: Char): ByteArray? =
        if (needsEscape(c)) escape(c.toString()).toByteArray(StandardCharsets.UTF_8) else null

    private val UTF8_ESCAPES: Array<ByteArray?> = Array(0x86) { utf8EscapeOf(it.toChar()) }
    private val LINE_SEPARATOR = utf8EscapeOf('\u2028')
    private val PARAGRAPH_SEPARATOR = utf8EscapeOf('\u2029')
}
