package dev.rotolog.layout

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe

class LineEscaperTest :
    FunSpec({
        /** The documented rule, spelled out apart from the code under test. */
        fun expected(code: Int, keepLineBreaks: Boolean): String =
            when {
                code == 0x0A -> if (keepLineBreaks) "\n" else "\\n"
                code == 0x0D -> if (keepLineBreaks) "\r" else "\\r"
                code == 0x09 -> "\t"
                code < 0x20 || code in 0x7F..0x9F || code in 0x2028..0x202E || code in 0x2066..0x2069 ->
                    "\\u%04x".format(code)
                else -> code.toChar().toString()
            }

        test("every BMP char, in both modes, is escaped exactly when the rule says so") {
            for (code in 0..0xFFFF) {
                for (keep in listOf(false, true)) {
                    withClue("U+%04X keepLineBreaks=$keep".format(code)) {
                        LineEscaper.escape(code.toChar().toString(), keepLineBreaks = keep) shouldBe
                            expected(code, keep)
                    }
                }
            }
        }

        context("the characters that forge lines, steer terminals or reorder text") {
            withData(
                nameFn = { it.first },
                "ESC of a colour sequence" to ("red\u001b[31m" to "red\\u001b[31m"),
                "NUL" to ("a\u0000b" to "a\\u0000b"),
                "C1 CSI (U+009B), a one-byte ESC [" to ("\u009b2J" to "\\u009b2J"),
                "NEL (U+0085)" to ("a\u0085b" to "a\\u0085b"),
                "C1 edges U+0080 and U+009F" to ("\u0080\u009f" to "\\u0080\\u009f"),
                "right-to-left override and pop (Trojan Source)" to
                    ("x\u202egnp.exe\u202c" to "x\\u202egnp.exe\\u202c"),
                "isolates U+2066 to U+2069" to ("\u2066\u2067\u2068\u2069" to "\\u2066\\u2067\\u2068\\u2069"),
                "line and paragraph separators" to ("\u2028\u2029" to "\\u2028\\u2029"),
                "their neighbours and U+00A0 stay" to
                    ("\u2027\u202f\u2065\u206a\u00a0\u200e" to "\u2027\u202f\u2065\u206a\u00a0\u200e"),
                "TAB and backslashes stay" to ("a\tb\\nc" to "a\tb\\nc"),
            ) { (_, case) ->
                LineEscaper.escape(case.first) shouldBe case.second
                LineEscaper.escape(case.first, keepLineBreaks = true) shouldBe case.second
            }
        }

        test("keeping line breaks lets CR and LF through and nothing else") {
            LineEscaper.escape("a\r\nb\u001b[0m\u0000\u0085\u2028\u202e", keepLineBreaks = true) shouldBe
                "a\r\nb\\u001b[0m\\u0000\\u0085\\u2028\\u202e"
        }
    })
