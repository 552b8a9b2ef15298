package dev.rotolog.testkit

import kotlin.random.Random

/**
 * Random text made of the characters that text encoding and escaping treat apart: every C0 control, DEL, the C1
 * controls around NEL, the line and paragraph separators and their neighbours, the edges of each UTF-8 length,
 * characters outside the BMP, lone high and low surrogates, and backslashes, mixed with plain ASCII.
 */
object HostileText {
    val PIECES: List<String> =
        (0..0x20).map { it.toChar().toString() } +
            listOf(
                "~",
                "\u007f",
                "\u0080",
                "\u0084",
                "\u0085",
                "\u0086",
                "\u009f",
                "\u00a0",
                "é",
                "ÿ",
                "\u07ff",
                "\u0800",
            ) +
            listOf("\u2027", "\u2028", "\u2029", "\u202a", "漢", "€", "\ud7ff", "\ue000", "\ufffd", "\uffff") +
            listOf("😀", "𝄞", "\udbff\udfff", "\ud800", "\udc00", "\udbff", "\udfff", "\\", "\\n", "plain ascii text ")

    /** At least [length] chars (a piece is never cut) drawn from [PIECES]. */
    fun random(random: Random, length: Int): String = buildString {
        while (this.length < length) append(PIECES[random.nextInt(PIECES.size)])
    }
}
