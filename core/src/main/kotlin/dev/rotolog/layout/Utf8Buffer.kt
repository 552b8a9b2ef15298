package dev.rotolog.layout

import java.lang.invoke.MethodHandles
import java.lang.invoke.VarHandle
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * A growable byte buffer that encodes text as UTF-8 itself, reused batch after batch so encoding allocates nothing in
 * the steady state. A lone surrogate (invalid UTF-16) becomes '?', as the JDK encoders do.
 *
 * Runs of printable ASCII take a plain loop; other text goes through a table that holds the UTF-8 bytes of every BMP
 * character, written with one 4-byte store: with text that mixes one-, two- and three-byte characters at random,
 * mispredicted branches on the width cost more than anything else. [appendEscaped] applies [LineEscaper]'s rules in the
 * same pass, so a field is read once and never copied in between.
 */
internal class Utf8Buffer(
    initialCapacity: Int = 64 * 1024,
    /** The most bytes it holds; more is refused with an IllegalArgumentException (the largest JVM array by default). */
    private val maxCapacity: Int = MAX_ARRAY_BYTES,
) : TextSink {
    var bytes: ByteArray = ByteArray(minOf(initialCapacity, maxCapacity))
        private set

    var size: Int = 0
        private set

    fun clear() {
        size = 0
    }

    /** Shrinks back after a batch of huge records so one 1 GiB message does not pin 1 GiB forever. */
    fun trimTo(maxRetained: Int) {
        if (bytes.size > maxRetained && size == 0) bytes = ByteArray(maxRetained)
    }

    /** Cuts the buffer back to its first [newSize] bytes, e.g. to take back a record a layout left half written. */
    fun truncate(newSize: Int) {
        require(newSize in 0..size) { "cannot truncate $size bytes to $newSize" }
        size = newSize
    }

    override fun appendAscii(c: Char) {
        ensure(1)
        bytes[size++] = c.code.toByte()
    }

    override fun appendLiteral(text: String, utf8: ByteArray) {
        append(utf8)
    }

    override fun appendField(text: String, keepLineBreaks: Boolean) {
        encode(text, if (keepLineBreaks) ESCAPE_KEEPING_LINE_BREAKS else ESCAPE)
    }

    fun append(source: ByteArray) {
        ensure(source.size)
        System.arraycopy(source, 0, bytes, size, source.size)
        size += source.size
    }

    /** Appends [text] as UTF-8, as it is. */
    fun append(text: CharSequence) {
        encode(text, RAW)
    }

    /**
     * Appends [text] as UTF-8 with [LineEscaper]'s escapes: the bytes of `LineEscaper.escape(text, keepLineBreaks)`.
     */
    fun appendEscaped(text: CharSequence, keepLineBreaks: Boolean = false) {
        encode(text, if (keepLineBreaks) ESCAPE_KEEPING_LINE_BREAKS else ESCAPE)
    }

    /** Removes the first [n] bytes, keeping the rest. */
    fun dropFirst(n: Int) {
        System.arraycopy(bytes, n, bytes, 0, size - n)
        size -= n
    }

    fun wrap(from: Int, to: Int): ByteBuffer = ByteBuffer.wrap(bytes, from, to - from)

    private fun encode(text: CharSequence, mode: Int) {
        val length = text.length
        var start = 0
        while (start < length) {
            var end = minOf(length, start + CHUNK_CHARS)
            // A surrogate pair is never split between chunks.
            if (end < length && Character.isHighSurrogate(text[end - 1])) end--
            if (text is String) {
                encode(text, start, end, mode)
            } else {
                encode(text.substring(start, end), 0, end - start, mode)
            }
            start = end
        }
    }

    private fun encode(src: String, from: Int, to: Int, mode: Int) {
        // An escape is the longest a char gets (six bytes), and one byte more: table entries are stored as four.
        ensure((to - from) * MAX_BYTES_PER_CHAR + 1)
        val out = bytes
        var pos = size
        var i = from
        val table = UTF8
        var ascii = true
        while (i < to) {
            while (ascii && i < to) {
                val c = src[i].code
                if ((c < 0x20 && c != 0x09) || c >= 0x7F) break
                out[pos++] = c.toByte()
                i++
            }
            while (i < to) {
                val entry = table[src[i].code]
                if (entry < 0) break
                INT_LE.set(out, pos, entry)
                pos += entry ushr 24
                i++
            }
            if (i == to) break
            val c = src[i++]
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(src[i])) {
                    pos = putCodePoint(Character.toCodePoint(c, src[i++]), out, pos)
                } else {
                    out[pos++] = '?'.code.toByte()
                }
                // Text with a character outside the BMP rarely is plain ASCII: stay in the table loop.
                ascii = false
                continue
            }
            ascii = true
            val replacement = if (mode == RAW) null else LineEscaper.utf8Escape(c, mode == ESCAPE_KEEPING_LINE_BREAKS)
            if (replacement == null) {
                pos = putCodePoint(c.code, out, pos)
            } else {
                for (b in replacement) out[pos++] = b
            }
        }
        size = pos
    }

    private fun ensure(extra: Int) {
        val needed = size.toLong() + extra
        if (needed <= bytes.size) return
        require(needed <= maxCapacity) { "batch too large to encode: $needed bytes, at most $maxCapacity fit" }
        var capacity = bytes.size.toLong().coerceAtLeast(1024)
        while (capacity < needed) capacity *= 2
        bytes = bytes.copyOf(capacity.coerceAtMost(maxCapacity.toLong()).toInt())
    }

    private companion object {
        const val MAX_ARRAY_BYTES = Int.MAX_VALUE - 16

        /** How [encode] treats the chars [LineEscaper] escapes: none, all, or all but CR and LF. */
        const val RAW = 0
        const val ESCAPE = 1
        const val ESCAPE_KEEPING_LINE_BREAKS = 2

        /** Chars encoded at a time, so a huge message does not reserve six times its length at once. */
        const val CHUNK_CHARS = 8192
        const val MAX_BYTES_PER_CHAR = 6

        @JvmField
        val INT_LE: VarHandle = MethodHandles.byteArrayViewVarHandle(IntArray::class.java, ByteOrder.LITTLE_ENDIAN)

        /**
         * For each BMP char: its UTF-8 bytes in the low three bytes (first byte lowest) and their count in the top
         * byte; -1 for the chars the loop handles one by one: surrogates and those [LineEscaper] may escape.
         */
        @JvmField
        val UTF8 =
            IntArray(0x10000) { code ->
                val c = code.toChar()
                when {
                    Character.isSurrogate(c) || LineEscaper.needsEscape(c) -> -1
                    code < 0x80 -> code or (1 shl 24)
                    code < 0x800 -> (0xC0 or (code shr 6)) or ((0x80 or (code and 0x3F)) shl 8) or (2 shl 24)
                    else ->
                        (0xE0 or (code shr 12)) or
                            ((0x80 or ((code shr 6) and 0x3F)) shl 8) or
                            ((0x80 or (code and 0x3F)) shl 16) or
                            (3 shl 24)
                }
            }

        /** Writes [codePoint] (not a surrogate) as UTF-8 at [pos]; returns the position after it. */
        fun putCodePoint(codePoint: Int, out: ByteArray, pos: Int): Int {
            var p = pos
            when {
                codePoint < 0x80 -> out[p++] = codePoint.toByte()
                codePoint < 0x800 -> {
                    out[p++] = (0xC0 or (codePoint shr 6)).toByte()
                    out[p++] = (0x80 or (codePoint and 0x3F)).toByte()
                }
                codePoint < 0x10000 -> {
                    out[p++] = (0xE0 or (codePoint shr 12)).toByte()
                    out[p++] = (0x80 or ((codePoint shr 6) and 0x3F)).toByte()
                    out[p++] = (0x80 or (codePoint and 0x3F)).toByte()
                }
                else -> {
                    out[p++] = (0xF0 or (codePoint shr 18)).toByte()
                    out[p++] = (0x80 or ((codePoint shr 12) and 0x3F)).toByte()
                    out[p++] = (0x80 or ((codePoint shr 6) and 0x3F)).toByte()
                    out[p++] = (0x80 or (codePoint and 0x3F)).toByte()
                }
            }
            return p
        }
    }
}
