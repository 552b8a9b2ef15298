package dev.rotolog.testkit

import dev.rotolog.layout.LineEscaper
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain

class PayloadGeneratorTest :
    FunSpec({
        val sample =
            (0 until 4).flatMap { p -> (0 until 2).flatMap { t -> (0 until 3_000).map { s -> Triple(p, t, s) } } }

        test("a payload is a pure function of process, thread and sequence number") {
            for ((p, t, s) in sample.take(500)) PayloadGenerator.payload(p, t, s) shouldBe
                PayloadGenerator.payload(p, t, s)
            PayloadGenerator.payload(0, 0, 7) shouldBe PayloadGenerator.payload(0, 0, 7)
            (PayloadGenerator.payload(0, 0, 7) == PayloadGenerator.payload(0, 1, 7)) shouldBe false
            (PayloadGenerator.payload(0, 0, 7) == PayloadGenerator.payload(1, 0, 7)) shouldBe false
        }

        test("every payload has the UTF-8 length byteLength promises, within 10 B to 64 KiB, both extremes exactly") {
            val lengths =
                sample.map { (p, t, s) ->
                    val bytes = PayloadGenerator.payload(p, t, s).toByteArray(Charsets.UTF_8).size
                    bytes shouldBe PayloadGenerator.byteLength(p, t, s)
                    bytes shouldBeInRange PayloadGenerator.MIN_BYTES..PayloadGenerator.MAX_BYTES
                    bytes
                }
            lengths.min() shouldBe 10
            lengths.max() shouldBe 65_536
            PayloadGenerator.byteLength(2, 1, 3) shouldBe 65_536
            PayloadGenerator.byteLength(2, 1, 4) shouldBe 10
            // Mostly short, so runs of hundreds of thousands of records stay at tens of MB.
            lengths.average() shouldBeLessThan 600.0
        }

        test("payloads mix ASCII, multibyte, non-BMP characters and every separator the layout must escape") {
            val all =
                StringBuilder().apply {
                    for ((p, t, s) in sample.take(2_000)) append(PayloadGenerator.payload(p, t, s))
                }
            val present = listOf("a", "é", "漢", "😀", "𝄞", "\n", "\r", "\u0085", "\u2028", "\u2029", "\u0000", "\t")
            present.filter { it in all } shouldContainAll present
            all.toString() shouldNotContain "P"
        }

        test("the message carries its ids in a marker the checker parses back, and the escaped text is one line") {
            val message = RecordFormat.message(3, 1, 123)
            message.startsWith("P3 T1 S000123 ") shouldBe true
            val expected = RecordFormat.expectedText(3, 1, 123)
            val markers = RecordFormat.findMarkers(expected)
            markers.size shouldBe 1
            Triple(markers[0].process, markers[0].thread, markers[0].seq) shouldBe Triple(3, 1, 123)
            for ((p, t, s) in sample.take(3_000)) {
                val text = RecordFormat.expectedText(p, t, s)
                text shouldNotContain "\n"
                text shouldNotContain "\r"
                text shouldBe RecordFormat.marker(p, t, s) + LineEscaper.escape(PayloadGenerator.payload(p, t, s))
            }
        }
    })
