package dev.rotolog.testkit

/**
 * The payload of every test record, a pure function of (process, thread, sequence number), so a checker can regenerate
 * what each line should hold without any record of what was logged.
 *
 * Lengths are UTF-8 byte counts of the raw payload, from [MIN_BYTES] to [MAX_BYTES]: mostly short, some a few KiB,
 * rarely tens of KiB, and the two extremes exactly at sequence numbers `≡ 3` and `≡ 4` (mod [EXTREME_EVERY]) so even a
 * run of a handful of records has both. The text mixes ASCII, two- and three-byte characters, characters outside the
 * BMP (surrogate pairs) and everything a layout must escape: CR, LF, NEL, U+2028/2029 and other controls.
 *
 * Limits: the letter 'P' never occurs in a payload, so the record marker `P<p> T<t> S<s> ` cannot appear inside one and
 * a checker can find every record that two glued lines contain.
 */
object PayloadGenerator {
    const val MIN_BYTES: Int = 10
    const val MAX_BYTES: Int = 65_536

    /** Every this many sequence numbers one payload has exactly [MAX_BYTES] and one exactly [MIN_BYTES]. */
    const val EXTREME_EVERY: Int = 2_048

    private const val ASCII =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOQRSTUVWXYZ0123456789 .,:;-_=+/\\()[]{}<>#@!?*&%\$'\"~`|^"
    private val TWO_BYTE = arrayOf("é", "ü", "ß", "ñ", "Ω")
    private val THREE_BYTE = arrayOf("漢", "字", "ア", "€", "✓")
    private val FOUR_BYTE = arrayOf("😀", "𝄞", "🚀", "𠜎")
    private val SEPARATORS =
        arrayOf(
            "\n",
            "\r",
            "\r\n",
            "\t",
            "\u000b",
            "\u000c",
            "\u0000",
            "\u001b",
            "\u007f",
            "\u0085",
            "\u2028",
            "\u2029",
        )

    /** The UTF-8 length of the payload of (process, thread, seq), without building it. */
    fun byteLength(process: Int, thread: Int, seq: Int): Int {
        require(process >= 0 && thread >= 0 && seq >= 0) { "process, thread and seq must not be negative" }
        when (seq % EXTREME_EVERY) {
            3 -> return MAX_BYTES
            4 -> return MIN_BYTES
        }
        val random = SplitMix64(seed(process, thread, seq, salt = 0x5A17))
        val bucket = random.nextInt(1_000)
        return when {
            bucket < 950 -> MIN_BYTES + random.nextInt(190)
            bucket < 998 -> 200 + random.nextInt(3_897)
            else -> 4_097 + random.nextInt(MAX_BYTES - 4_097 + 1)
        }
    }

    /** The payload of record [seq] of [thread] in [process]. */
    fun payload(process: Int, thread: Int, seq: Int): String {
        val target = byteLength(process, thread, seq)
        val random = SplitMix64(seed(process, thread, seq, salt = 0x7E47))
        val out = StringBuilder(target)
        var remaining = target
        while (remaining > 0) {
            val kind = random.nextInt(100)
            val piece =
                when {
                    kind < 70 -> null
                    kind < 80 -> TWO_BYTE[random.nextInt(TWO_BYTE.size)]
                    kind < 88 -> THREE_BYTE[random.nextInt(THREE_BYTE.size)]
                    kind < 93 -> FOUR_BYTE[random.nextInt(FOUR_BYTE.size)]
                    else -> SEPARATORS[random.nextInt(SEPARATORS.size)]
                }
            val pieceBytes = piece?.let { utf8Length(it) } ?: 1
            if (piece == null || pieceBytes > remaining) {
                out.append(ASCII[random.nextInt(ASCII.length)])
                remaining--
            } else {
                out.append(piece)
                remaining -= pieceBytes
            }
        }
        return out.toString()
    }

    private fun utf8Length(text: String): Int {
        var bytes = 0
        var i = 0
        while (i < text.length) {
            val c = text[i]
            bytes +=
                when {
                    c.code < 0x80 -> 1
                    c.code < 0x800 -> 2
                    Character.isHighSurrogate(c) -> 4.also { i++ }
                    else -> 3
                }
            i++
        }
        return bytes
    }

    private fun seed(process: Int, thread: Int, seq: Int, salt: Long): Long =
        SplitMix64.mix(SplitMix64.mix(SplitMix64.mix(salt xor process.toLong()) xor thread.toLong()) xor seq.toLong())
}

/** SplitMix64, written out so the sequence never depends on the JDK's choice of generator. */
internal class SplitMix64(private var state: Long) {
    fun nextLong(): Long {
        state += GOLDEN_GAMMA
        return mix(state)
    }

    /** Uniform in [0, bound) (the tiny modulo bias does not matter for test data). */
    fun nextInt(bound: Int): Int = java.lang.Long.remainderUnsigned(nextLong(), bound.toLong()).toInt()

    companion object {
        private const val GOLDEN_GAMMA = -0x61c8864680b583ebL

        fun mix(value: Long): Long {
            var z = value + GOLDEN_GAMMA
            z = (z xor (z ushr 30)) * -0x40a7b892e31b1a47L
            z = (z xor (z ushr 27)) * -0x6b2fb644ecceee15L
            return z xor (z ushr 31)
        }
    }
}
