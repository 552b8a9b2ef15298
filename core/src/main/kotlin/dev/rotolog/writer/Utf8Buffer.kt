package dev.rotolog.writer

import java.nio.ByteBuffer

/**
 * A growable byte buffer that encodes text as UTF-8 itself, reused batch after batch so encoding allocates
 * nothing in the steady state. A lone surrogate (invalid UTF-16) becomes '?', as the JDK encoders do.
 */
internal class Utf8Buffer(initialCapacity: Int = 64 * 1024) {
    var bytes: ByteArray = ByteArray(initialCapacity)
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

    fun append(text: CharSequence) {
        ensure(text.length * 3)
        var pos = size
        val out = bytes
        var i = 0
        val n = text.length
        while (i < n) {
            val c = text[i]
            val code = c.code
            when {
                code < 0x80 -> out[pos++] = code.toByte()
                code < 0x800 -> {
                    out[pos++] = (0xC0 or (code shr 6)).toByte()
                    out[pos++] = (0x80 or (code and 0x3F)).toByte()
                }
                Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text[i + 1]) -> {
                    val cp = Character.toCodePoint(c, text[i + 1])
                    i++
                    out[pos++] = (0xF0 or (cp shr 18)).toByte()
                    out[pos++] = (0x80 or ((cp shr 12) and 0x3F)).toByte()
                    out[pos++] = (0x80 or ((cp shr 6) and 0x3F)).toByte()
                    out[pos++] = (0x80 or (cp and 0x3F)).toByte()
                }
                Character.isSurrogate(c) -> out[pos++] = '?'.code.toByte()
                else -> {
                    out[pos++] = (0xE0 or (code shr 12)).toByte()
                    out[pos++] = (0x80 or ((code shr 6) and 0x3F)).toByte()
                    out[pos++] = (0x80 or (code and 0x3F)).toByte()
                }
            }
            i++
        }
        size = pos
    }

    /** Removes the first [n] bytes, keeping the rest. */
    fun dropFirst(n: Int) {
        System.arraycopy(bytes, n, bytes, 0, size - n)
        size -= n
    }

    fun wrap(from: Int, to: Int): ByteBuffer = ByteBuffer.wrap(bytes, from, to - from)

    private fun ensure(extra: Int) {
        val needed = size.toLong() + extra
        if (needed <= bytes.size) return
        require(needed < Int.MAX_VALUE - 16) { "batch too large to encode: $needed bytes" }
        var capacity = bytes.size.toLong().coerceAtLeast(1024)
        while (capacity < needed) capacity *= 2
        bytes = bytes.copyOf(capacity.coerceAtMost(Int.MAX_VALUE - 16L).toInt())
    }
}
