package dev.rotolog.layout

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

    private fun needsEscape(c: Char): Boolean =
        (c < ' ' && c != '\t') || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029'

    private fun appendUnicodeEscape(c: Char, out: StringBuilder) {
        out.append("\\u")
        val code = c.code
        for (shift in intArrayOf(12, 8, 4, 0)) out.append(HEX[(code shr shift) and 0xF])
    }

    private val HEX = "0123456789abcdef".toCharArray()
}
