package dev.rotolog.layout

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import dev.rotolog.Level
import dev.rotolog.LogRecord
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import java.nio.charset.StandardCharsets
import java.time.ZoneId

class JsonLayoutTest :
    FunSpec({
        val mapper = ObjectMapper()

        /** Formats, encodes to UTF-8 as the writer does, and parses the bytes with a real JSON parser. */
        fun roundTrip(record: LogRecord, layout: Layout = JsonLayout()): Pair<String, JsonNode> {
            val text = StringBuilder().also { layout.format(record, it) }.toString()
            text shouldEndWith "\n"
            text.trimEnd('\n') shouldNotContain "\n"
            val bytes = text.toByteArray(StandardCharsets.UTF_8)
            return text to mapper.readTree(bytes)
        }

        test("ECS fields for an ordinary record") {
            val record =
                LogRecord(
                    epochMillis = 1_795_269_787_045,
                    level = Level.INFO,
                    loggerName = "com.example.Api",
                    message = "hello",
                    threadName = "main",
                    context = mapOf("requestId" to "r-1"),
                    keyValues =
                        listOf("ms" to 12, "ok" to true, "ratio" to 0.5, "nothing" to null, "obj" to listOf(1, 2)),
                    markers = listOf("AUDIT", "PII"),
                )
            val (_, json) = roundTrip(record, JsonLayout(ZoneId.of("Europe/Berlin")))
            json["@timestamp"].asText() shouldBe "2026-11-21T15:03:07.045+01:00"
            json["log.level"].asText() shouldBe "INFO"
            json["log.logger"].asText() shouldBe "com.example.Api"
            json["process.thread.name"].asText() shouldBe "main"
            json["message"].asText() shouldBe "hello"
            json["tags"].map { it.asText() } shouldBe listOf("AUDIT", "PII")
            json["requestId"].asText() shouldBe "r-1"
            json["ms"].isInt shouldBe true
            json["ms"].asInt() shouldBe 12
            json["ok"].isBoolean shouldBe true
            json["ratio"].asDouble() shouldBe 0.5
            json["nothing"].isNull shouldBe true
            json["obj"].asText() shouldBe "[1, 2]"
            json.has("error.type") shouldBe false
        }

        test(
            "hostile text survives: quotes, backslashes, every control character, separators, non-BMP, lone surrogates"
        ) {
            val controls = (0 until 0x20).map { it.toChar() }.joinToString("")
            val hostile = "q\"uote\\ back $controls \u007f \u2028\u2029 😀𝄞 漢字 é \ud800 lone \udc00 end"
            val record =
                LogRecord(0, Level.WARN, "l\"x", hostile, threadName = "t\n", context = mapOf("k\"\n" to hostile))
            val (text, json) = roundTrip(record)
            json["message"].asText() shouldBe hostile.replace('\ud800', '\ufffd').replace('\udc00', '\ufffd')
            json["k\"\n"].asText() shouldBe json["message"].asText()
            json["log.logger"].asText() shouldBe "l\"x"
            text shouldNotContain "\u2028"
        }

        test("every BMP char survives the round trip, and the line shows no control, separator or bidi control raw") {
            val every = (0..0xFFFF).map { it.toChar() }.filter { !Character.isSurrogate(it) }.joinToString("")
            // As a key too, in pieces: the parser refuses names over 50,000 bytes.
            val keys = every.chunked(10_000)
            val (text, json) = roundTrip(LogRecord(0, Level.INFO, every, every, keyValues = keys.map { it to it }))
            json["message"].asText() shouldBe every
            json["log.logger"].asText() shouldBe every
            for (key in keys) json[key].asText() shouldBe key
            val line = text.dropLast(1)
            for (code in 0..0xFFFF) {
                if (Character.isSurrogate(code.toChar())) continue
                val mustBeEscaped =
                    code < 0x20 || code in 0x7F..0x9F || code in 0x2028..0x202E || code in 0x2066..0x2069
                withClue("U+%04X".format(code)) { line.contains(code.toChar()) shouldBe !mustBeEscaped }
            }
        }

        test("a key-value whose toString throws and a throwable whose getMessage throws still give a valid line") {
            class Hostile : RuntimeException() {
                override val message: String
                    get() = throw IllegalStateException("no message")

                override fun toString(): String = throw UnsupportedOperationException("no text")
            }
            val (_, json) =
                roundTrip(
                    LogRecord(0, Level.ERROR, "l", "m", throwable = Hostile(), keyValues = listOf("k" to Hostile()))
                )
            json["message"].asText() shouldBe "m"
            json["k"].asText() shouldBe "<toString() failed: java.lang.UnsupportedOperationException>"
            json["error.message"].asText() shouldBe "<getMessage() failed: java.lang.IllegalStateException>"
            json["error.stack_trace"].asText() shouldEndWith
                "Hostile <stack trace failed: java.lang.UnsupportedOperationException>"
        }

        test("a 1 MiB message is one valid line") {
            val big = "ab😀\n".repeat(1 shl 18)
            val (_, json) = roundTrip(LogRecord(0, Level.INFO, "l", big))
            json["message"].asText() shouldBe big
        }

        test("nested exceptions with causes and suppressed ones are one field") {
            val root = IllegalStateException("root \"cause\"")
            val middle = RuntimeException("middle", root)
            val top =
                IllegalArgumentException("top\nline", middle).apply {
                    addSuppressed(java.io.IOException("closing failed"))
                }
            val (_, json) = roundTrip(LogRecord(0, Level.ERROR, "l", "failed", throwable = top))
            json["error.type"].asText() shouldBe "java.lang.IllegalArgumentException"
            json["error.message"].asText() shouldBe "top\nline"
            val trace = json["error.stack_trace"].asText()
            trace shouldContain "Caused by: java.lang.RuntimeException: middle"
            trace shouldContain "Caused by: java.lang.IllegalStateException: root \"cause\""
            trace shouldContain "Suppressed: java.io.IOException: closing failed"
        }

        test("non-finite numbers become strings, so the line stays valid JSON") {
            val (_, json) =
                roundTrip(
                    LogRecord(
                        0,
                        Level.INFO,
                        "l",
                        "m",
                        keyValues = listOf("nan" to Double.NaN, "inf" to Float.POSITIVE_INFINITY),
                    )
                )
            json["nan"].asText() shouldBe "NaN"
            json["inf"].asText() shouldBe "Infinity"
        }
    })
