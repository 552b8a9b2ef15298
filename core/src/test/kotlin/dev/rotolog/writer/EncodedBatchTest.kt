package dev.rotolog.writer

import com.fasterxml.jackson.databind.ObjectMapper
import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.layout.ByteLayout
import dev.rotolog.layout.JsonLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.layout.Utf8Buffer
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith

class EncodedBatchTest :
    FunSpec({
        val messageOnly = PatternLayout("%msg%n")
        val hostile = LogRecord(0, Level.WARN, "com.example.Db", "a\nb 😀", threadName = "t")
        val minimalLine = "WARN com.example.Db - a\\nb 😀 (layout failed: java.lang.IllegalStateException)\n"

        class Recorded {
            val lines = ArrayList<String>()
            val status = StatusReporter(sink = { lines += it })
        }

        fun EncodedBatch.records(): List<String> =
            (0 until count).map {
                bytes.wrap(start(it), start(it + 1)).let { b -> Charsets.UTF_8.decode(b).toString() }
            }

        fun batchOf(layout: Layout, recorded: Recorded): EncodedBatch =
            EncodedBatch().apply {
                add(LogRecord(0, Level.INFO, "l", "before"), messageOnly, recorded.status, "app.log")
                add(hostile, layout, recorded.status, "app.log")
                add(LogRecord(0, Level.INFO, "l", "after"), messageOnly, recorded.status, "app.log")
            }

        test("a byte layout that throws halfway is taken back and replaced by the minimal line, and reported") {
            val halfThenThrow =
                object : ByteLayout {
                    override fun encode(record: LogRecord, out: Utf8Buffer) {
                        out.append("half a record that must not stay ".repeat(10_000))
                        throw IllegalStateException("boom")
                    }

                    override fun format(record: LogRecord, out: StringBuilder) = error("the writer encodes")
                }
            val recorded = Recorded()
            batchOf(halfThenThrow, recorded).records() shouldBe listOf("before\n", minimalLine, "after\n")
            recorded.lines.single() shouldContain
                "the layout failed on a record of com.example.Db: java.lang.IllegalStateException: boom"
        }

        test("a text layout that throws gives the same minimal line and report") {
            val throwing =
                object : Layout {
                    override fun format(record: LogRecord, out: StringBuilder) {
                        out.append("half")
                        throw IllegalStateException("boom")
                    }
                }
            val recorded = Recorded()
            batchOf(throwing, recorded).records() shouldBe listOf("before\n", minimalLine, "after\n")
            recorded.lines.single() shouldContain
                "the layout failed on a record of com.example.Db: java.lang.IllegalStateException: boom"
        }

        test("a record without its newline gets one, from either kind of layout") {
            val noNewline = PatternLayout("%msg")
            val textOnly =
                object : Layout {
                    override fun format(record: LogRecord, out: StringBuilder) {
                        out.append(record.message)
                    }
                }
            val silent =
                object : ByteLayout {
                    override fun encode(record: LogRecord, out: Utf8Buffer) = Unit

                    override fun format(record: LogRecord, out: StringBuilder) = error("the writer encodes")
                }
            val recorded = Recorded()
            batchOf(noNewline, recorded).records()[1] shouldBe "a\\nb 😀\n"
            batchOf(textOnly, recorded).records()[1] shouldBe "a\nb 😀\n"
            batchOf(silent, recorded).records()[1] shouldBe "\n"
            recorded.lines shouldBe emptyList()
        }

        /** A layout that throws [failure] after writing half a record, through either path. */
        fun throwing(failure: Throwable, bytePath: Boolean): Layout =
            if (bytePath) {
                object : ByteLayout {
                    override fun encode(record: LogRecord, out: Utf8Buffer) {
                        out.append("half")
                        throw failure
                    }

                    override fun format(record: LogRecord, out: StringBuilder) = error("the writer encodes")
                }
            } else {
                object : Layout {
                    override fun format(record: LogRecord, out: StringBuilder) {
                        out.append("half")
                        throw failure
                    }
                }
            }

        context(
            "an OutOfMemoryError from either kind of layout gives the minimal line and a report, and the batch goes on"
        ) {
            withData(nameFn = { if (it) "byte layout" else "text layout" }, true, false) { bytePath ->
                val recorded = Recorded()
                val batch = EncodedBatch()
                batch.add(
                    hostile,
                    throwing(OutOfMemoryError("Java heap space"), bytePath),
                    recorded.status,
                    "app.log",
                ) shouldBe true
                batch.add(LogRecord(0, Level.INFO, "l", "after"), messageOnly, recorded.status, "app.log") shouldBe true
                batch.records() shouldBe
                    listOf("WARN com.example.Db - a\\nb 😀 (layout failed: java.lang.OutOfMemoryError)\n", "after\n")
                recorded.lines.single() shouldContain "java.lang.OutOfMemoryError: Java heap space"
            }
        }

        test(
            "a failure whose getMessage and toString throw is reported by its class, and the record still gets its line"
        ) {
            class Hostile : RuntimeException() {
                override val message: String
                    get() = throw IllegalStateException("no message")

                override fun toString(): String = throw IllegalStateException("no text")
            }
            val recorded = Recorded()
            batchOf(throwing(Hostile(), bytePath = true), recorded).records()[1] shouldStartWith
                "WARN com.example.Db - a\\nb 😀 (layout failed: "
            recorded.lines.single() shouldContain "Hostile: (getMessage() failed: java.lang.IllegalStateException)"
        }

        test("the minimal line escapes the logger name as it does the message") {
            val forged = LogRecord(0, Level.WARN, "db\n2026-01-01 ERROR forged \u001b[2J\u202e", "m", threadName = "t")
            val batch = EncodedBatch()
            batch.add(
                forged,
                throwing(IllegalStateException("boom"), bytePath = true),
                Recorded().status,
                "app.log",
            ) shouldBe true
            batch.records().single() shouldBe
                "WARN db\\n2026-01-01 ERROR forged \\u001b[2J\\u202e - m (layout failed: java.lang.IllegalStateException)\n"
        }

        test("a record too large for the batch gives a minimal line with the start of its message, cut and said so") {
            // 16 KiB stands for the 2 GiB a JVM array holds: the same check refuses it.
            val batch = EncodedBatch(maxBytes = 16 * 1024)
            val recorded = Recorded()
            val huge = LogRecord(0, Level.INFO, "com.example.Big", "x".repeat(3_000) + "end")
            batch.add(huge, messageOnly, recorded.status, "app.log") shouldBe true
            batch.records().single() shouldBe
                "INFO com.example.Big - " +
                    "x".repeat(1_000) +
                    " (layout failed: java.lang.IllegalArgumentException; message cut to its first 1000 of 3003 chars)\n"
            recorded.lines.single() shouldContain "batch too large to encode"
        }

        test("under the JSON layout the minimal line is a JSON object") {
            val mapper = ObjectMapper()
            val batch = EncodedBatch(maxBytes = 16 * 1024)
            val recorded = Recorded()
            val tooLarge = LogRecord(1_795_269_787_045, Level.ERROR, "a\"b\nc", "y".repeat(3_000))
            batch.add(tooLarge, JsonLayout(), recorded.status, "app.log") shouldBe true
            val first = batch.records().single()
            first shouldEndWith "}\n"
            first.trimEnd('\n') shouldNotContain "\n"
            mapper.readTree(first).let { json ->
                json["@timestamp"].asText() shouldBe "2026-11-21T14:03:07.045+00:00"
                json["log.level"].asText() shouldBe "ERROR"
                json["log.logger"].asText() shouldBe "a\"b\nc"
                json["message"].asText() shouldBe "y".repeat(1_000)
                json["rotolog.failure"].asText() shouldBe
                    "layout failed: java.lang.IllegalArgumentException; message cut to its first 1000 of 3000 chars"
            }
        }

        test(
            "a record that not even a minimal line can stand for is left out: false, and the batch exactly as before"
        ) {
            val batch = EncodedBatch(maxBytes = 16 * 1024)
            val recorded = Recorded()
            // Small records: the buffer reserves six bytes a char before it encodes, so 500 chars need 3001 bytes free.
            repeat(20) {
                batch.add(
                    LogRecord(7, Level.INFO, "l", "z".repeat(500)),
                    messageOnly,
                    recorded.status,
                    "app.log",
                ) shouldBe true
            }
            val before = batch.bytes.bytes.copyOf(batch.bytes.size)
            val plannerBefore =
                batch.forPlanner().let { (0 until it.count).map { i -> it.sizes[i] to it.createdMillis[i] } }
            // The record needs more than what is left, and so does its minimal line (a 1000-char message).
            batch.add(
                LogRecord(8, Level.INFO, "l", "x".repeat(3_000)),
                messageOnly,
                recorded.status,
                "app.log",
            ) shouldBe false
            batch.count shouldBe 20
            batch.bytes.bytes.copyOf(batch.bytes.size) shouldBe before
            batch.forPlanner().let { (0 until it.count).map { i -> it.sizes[i] to it.createdMillis[i] } } shouldBe
                plannerBefore
            recorded.lines.last() shouldContain "was left out of app.log"
            batch.add(LogRecord(9, Level.INFO, "l", "after"), messageOnly, recorded.status, "app.log") shouldBe true
            batch.records().last() shouldBe "after\n"
        }

        test("a huge record formatted as text does not leave its size behind in the batch's text builder") {
            val textOnly =
                object : Layout {
                    override fun format(record: LogRecord, out: StringBuilder) {
                        out.append(record.message).append('\n')
                    }
                }
            val batch = EncodedBatch()
            batch.add(
                LogRecord(0, Level.INFO, "l", "w".repeat(4 shl 20)),
                textOnly,
                Recorded().status,
                "app.log",
            ) shouldBe true
            batch.retainedTextChars shouldBeLessThan (1 shl 20)
            batch.bytes.size shouldBe (4 shl 20) + 1
        }
    })
