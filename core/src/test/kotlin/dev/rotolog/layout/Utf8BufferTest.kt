package dev.rotolog.layout

import dev.rotolog.testkit.HostileText
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.charset.StandardCharsets
import kotlin.random.Random

private enum class Mode {
    RAW,
    ESCAPED,
    KEEPING_LINE_BREAKS,
}

class Utf8BufferTest :
    FunSpec({

        /** The String path's text (escaped or not), then UTF-8 by the JDK with '?' for a lone surrogate. */
        fun reference(text: String, mode: Mode): ByteArray =
            when (mode) {
                Mode.RAW -> text
                Mode.ESCAPED -> LineEscaper.escape(text)
                Mode.KEEPING_LINE_BREAKS -> LineEscaper.escape(text, keepLineBreaks = true)
            }.toByteArray(StandardCharsets.UTF_8)

        fun Utf8Buffer.content(from: Int = 0): ByteArray = bytes.copyOfRange(from, size)

        fun encoded(text: CharSequence, mode: Mode, buffer: Utf8Buffer = Utf8Buffer(16)): ByteArray {
            val start = buffer.size
            when (mode) {
                Mode.RAW -> buffer.append(text)
                Mode.ESCAPED -> buffer.appendEscaped(text)
                Mode.KEEPING_LINE_BREAKS -> buffer.appendEscaped(text, keepLineBreaks = true)
            }
            return buffer.content(start)
        }

        test("every BMP char alone, in each mode, gives the reference bytes") {
            val buffer = Utf8Buffer(16)
            for (code in 0..0xFFFF) {
                val text = code.toChar().toString()
                for (mode in Mode.entries) {
                    withClue("U+%04X $mode".format(code)) {
                        encoded(text, mode, buffer) shouldBe reference(text, mode)
                        // Between other chars too: the table loop and the ASCII loop hand over around it.
                        val inside = "a${text}é$text"
                        encoded(inside, mode, buffer) shouldBe reference(inside, mode)
                    }
                }
            }
        }

        test(
            "random text with controls, separators, multibyte, non-BMP and lone surrogates gives the reference bytes"
        ) {
            val random = Random(20261121)
            repeat(3_000) { round ->
                val text = HostileText.random(random, random.nextInt(0, if (round % 100 == 0) 20_000 else 300))
                for (mode in Mode.entries) {
                    withClue("round $round, $mode: ${text.take(80)}") {
                        val expected = reference(text, mode)
                        encoded(text, mode) shouldBe expected
                        encoded(StringBuilder(text), mode) shouldBe expected
                    }
                }
            }
        }

        test("a surrogate pair across the boundary of the chunks a long text is encoded in stays one character") {
            for (offset in 8180..8200) {
                val text = "a".repeat(offset) + "😀" + "b".repeat(10) + "\n" + "\ud800"
                for (mode in Mode.entries) {
                    encoded(text, mode) shouldBe reference(text, mode)
                    encoded(StringBuilder(text), mode) shouldBe reference(text, mode)
                }
            }
        }

        test("text that would grow the buffer past its limit is refused and leaves the buffer as it was") {
            val buffer = Utf8Buffer(initialCapacity = 1024, maxCapacity = 4096)
            buffer.append("kept")
            val failure = shouldThrow<IllegalArgumentException> { buffer.append("x".repeat(5_000)) }
            failure.message shouldContain "at most 4096 fit"
            String(buffer.content(), StandardCharsets.UTF_8) shouldBe "kept"
        }

        test("text appended after other content and past the capacity lands after it") {
            val buffer = Utf8Buffer(4)
            val random = Random(7)
            val expected = java.io.ByteArrayOutputStream()
            repeat(200) {
                val text = HostileText.random(random, random.nextInt(0, 50))
                buffer.appendEscaped(text)
                expected.write(reference(text, Mode.ESCAPED))
                buffer.appendAscii(' ')
                expected.write(' '.code)
            }
            buffer.content() shouldBe expected.toByteArray()
        }

        test("truncate takes back what was appended after a mark") {
            val buffer = Utf8Buffer(8)
            buffer.append("kept ")
            val mark = buffer.size
            buffer.appendEscaped("half a record 😀\n".repeat(100))
            buffer.truncate(mark)
            buffer.append("next")
            String(buffer.content(), StandardCharsets.UTF_8) shouldBe "kept next"
        }
    })
