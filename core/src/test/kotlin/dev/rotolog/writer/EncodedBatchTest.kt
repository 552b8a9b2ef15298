package dev.rotolog.writer

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.layout.ByteLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.layout.Utf8Buffer
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class EncodedBatchTest : FunSpec({
    val messageOnly = PatternLayout("%msg%n")
    val hostile = LogRecord(0, Level.WARN, "com.example.Db", "a\nb 😀", threadName = "t")
    val minimalLine = "WARN com.example.Db - a\\nb 😀 (layout failed: java.lang.IllegalStateException)\n"

    class Recorded {
        val lines = ArrayList<String>()
        val status = StatusReporter(sink = { lines += it })
    }

    fun EncodedBatch.records(): List<String> = (0 until count).map { bytes.wrap(start(it), start(it + 1)).let { b -> Charsets.UTF_8.decode(b).toString() } }

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
        recorded.lines.single() shouldContain "the layout failed on a record of com.example.Db: java.lang.IllegalStateException: boom"
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
        recorded.lines.single() shouldContain "the layout failed on a record of com.example.Db: java.lang.IllegalStateException: boom"
    }

    test("a record without its newline gets one, from either kind of layout") {
        val noNewline = PatternLayout("%msg")
        val textOnly = object : Layout {
            override fun format(record: LogRecord, out: StringBuilder) {
                out.append(record.message)
            }
        }
        val silent = object : ByteLayout {
            override fun encode(record: LogRecord, out: Utf8Buffer) = Unit

            override fun format(record: LogRecord, out: StringBuilder) = error("the writer encodes")
        }
        val recorded = Recorded()
        batchOf(noNewline, recorded).records()[1] shouldBe "a\\nb 😀\n"
        batchOf(textOnly, recorded).records()[1] shouldBe "a\nb 😀\n"
        batchOf(silent, recorded).records()[1] shouldBe "\n"
        recorded.lines shouldBe emptyList()
    }
})
