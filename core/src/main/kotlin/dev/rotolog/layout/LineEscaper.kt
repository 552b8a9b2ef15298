package dev.rotolog.layout

import java.nio.charset.StandardCharsets

/**
 * Escapes characters that would let one record look like several lines, or that steer a terminal or the way a line is
 * displayed.
 *
 * CR and LF become `\r` and `\n`; TAB stays; these become `\uXXXX`:
 * - the other C0 controls (ESC, NUL, BEL, ...) and DEL;
 * - every C1 control, U+0080 to U+009F: NEL (U+0085) breaks lines and U+009B is the one-byte terminal CSI;
 * - the Unicode line and paragraph separators, U+2028 and U+2029;
 * - the bidirectional embeddings, overrides and isolates, U+202A to U+202E and U+2066 to U+2069, which reorder what a
 *   viewer shows ("Trojan Source", CVE-2021-42574), so a line could read differently from what it holds.
 *
 * With `keepLineBreaks` (a pattern layout with `escapeLineBreaks = false`) CR and LF pass as they are and everything
 * else is still escaped: a record may span lines but never carries a terminal sequence.
 *
 * Backslashes are left alone so paths stay readable; the escaping is for safety (log injection), not a reversible
 * encoding. [Utf8Buffer.appendEscaped] writes the same bytes as the UTF-8 of [escape]; both read [needsEscape].
 */
internal object LineEscaper {
    fun appendEscaped(text: CharSequence, out: StringBuilder, keepLineBreaks: Boolean = false) {
        var start = 0
        for (i in text.indices) {
            val c = text[i]
            if (!needsEscape(c) || (keepLineBreaks && (c == '\n' || c == '\r'))) continue
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

    fun escape(text: CharSequence, keepLineBreaks: Boolean = false): String =
        StringBuilder(text.length + 16).also { appendEscaped(text, it, keepLineBreaks) }.toString()

    /** Whether [c] is escaped (CR and LF included: they pass only with `keepLineBreaks`). */
    fun needsEscape(c: Char): Boolean =
        if (c < '\u007f') {
            c < ' ' && c != '\t'
        } else {
            c <= '\u009f' || c in '\u2028'..'\u202e' || c in '\u2066'..'\u2069'
        }

    /**
     * The UTF-8 bytes of [c]'s escape, or null when [c] is written as it is (CR and LF with [keepLineBreaks]); for
     * [Utf8Buffer.appendEscaped], which asks only about chars [needsEscape] accepts or that are not in its table.
     */
    fun utf8Escape(c: Char, keepLineBreaks: Boolean): ByteArray? =
        when {
            keepLineBreaks && (c == '\n' || c == '\r') -> null
            c.code < LOW_ESCAPES.size -> LOW_ESCAPES[c.code]
            c in '\u2028'..'\u202e' -> SEPARATOR_ESCAPES[c - '\u2028']
            c in '\u2066'..'\u2069' -> ISOLATE_ESCAPES[c - '\u2066']
            else -> null
        }

    private fun appendUnicodeEscape(c: Char, out: StringBuilder) {
        out.append("\\u")
        val code = c.code
        for (shift in intArrayOf(12, 8, 4, 0)) out.append(HEX[(code shr shift) and 0xF])
    }

    private val HEX = "0123456789abcdef".toCharArray()

    // Spelled by appendEscaped, so both outputs escape alike.
    private fun utf8EscapeOf(code: Int): ByteArray? {
        val c = code.toChar()
        return if (needsEscape(c)) escape(c.toString()).toByteArray(StandardCharsets.UTF_8) else null
    }

    private val LOW_ESCAPES: Array<ByteArray?> = Array(0xA0) { utf8EscapeOf(it) }
    private val SEPARATOR_ESCAPES: Array<ByteArray?> = Array(0x202f - 0x2028) { utf8EscapeOf(0x2028 + it) }
    private val ISOLATE_ESCAPES: Array<ByteArray?> = Array(0x206a - 0x2066) { utf8EscapeOf(0x2066 + it) }
}
