package dev.rotolog.layout

import dev.rotolog.testkit.HostileText
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.charset.StandardCharsets
import kotlin.random.Random

class Utf8BufferTest : FunSpec({
    /** What the writer wrote before the byte path: the text escaped, then UTF-8 with '?' for a lone surrogate. */
    fun reference(text: String, escape: Boolean): ByteArray =
        (if (escape) LineEscaper.escape(text) else text).toByteArray(StandardCharsets.UTF_8)

    fun Utf8Buffer.content(from: Int = 0): ByteArray = bytes.copyOfRange(from, size)

    fun encoded(text: CharSequence, escape: Boolean, buffer: Utf8Buffer = Utf8Buffer(16)): ByteArray {
        val start = buffer.size
        if (escape) buffer.appendEscaped(text) else buffer.append(text)
        return buffer.content(start)
    }

    test("every BMP char alone, escaped or not, gives the reference bytes") {
        val buffer = Utf8Buffer(16)
        for (code in 0..0xFFFF) {
            val text = code.toChar().toString()
            withClue("U+%04X".format(code)) {
                encoded(text, escape = true, buffer) shouldBe reference(text, escape = true)
                encoded(text, escape = false, buffer) shouldBe reference(text, escape = false)
            }
        }
    }

    test("random text with controls, separators, multibyte, non-BMP and lone surrogates gives the reference bytes") {
        val random = Random(20261121)
        repeat(3_000) { round ->
            val text = HostileText.random(random, random.nextInt(0, if (round % 100 == 0) 20_000 else 300))
            for (escape in listOf(true, false)) {
                withClue("round $round, escape=$escape: ${text.take(80)}") {
                    val expected = reference(text, escape)
                    encoded(text, escape) shouldBe expected
                    encoded(StringBuilder(text), escape) shouldBe expected
                }
            }
        }
    }

    test("a surrogate pair across the boundary of the chunks a long text is encoded in stays one character") {
        for (offset in 8180..8200) {
            val text = "a".repeat(offset) + "😀" + "b".repeat(10) + "\n" + "\ud800"
            encoded(text, escape = true) shouldBe reference(text, escape = true)
            encoded(StringBuilder(text), escape = false) shouldBe reference(text, escape = false)
        }
    }

    test("text appended after other content and past the capacity lands after it") {
        val buffer = Utf8Buffer(4)
        val random = Random(7)
        val expected = java.io.ByteArrayOutputStream()
        repeat(200) {
            val text = HostileText.random(random, random.nextInt(0, 50))
            buffer.appendEscaped(text)
            expected.write(reference(text, escape = true))
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
