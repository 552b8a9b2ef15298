package dev.rotolog.console

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.rotologConfig
import dev.rotolog.status.StatusReporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.OutputStream
import java.io.PrintStream
import java.util.Collections
import kotlin.time.Duration.Companion.seconds

class ConsoleWriterTest :
    FunSpec({
        fun writerTo(stream: PrintStream, status: StatusReporter): ConsoleWriter {
            val config = rotologConfig { console { layout = pattern("%msg%n") } }.consoles.single().withSink(stream)
            return ConsoleWriter(config, status)
        }

        fun ConsoleWriter.log(message: String) {
            offer(LogRecord(0, Level.INFO, "l", message), OverflowPolicy.BLOCK, 5.seconds) shouldBe true
        }

        test("records a failing stream did not take are counted lost, not written, and reported") {
            val broken =
                PrintStream(
                    object : OutputStream() {
                        override fun write(b: Int): Unit = throw IOException("broken pipe")
                    }
                )
            val lines = Collections.synchronizedList(ArrayList<String>())
            val writer = writerTo(broken, StatusReporter(sink = { lines += it }))
            try {
                repeat(3) { writer.log("r$it") }
                writer.flush(5.seconds) shouldBe true
                val stats = writer.counters.snapshot()
                stats.written shouldBe 0
                stats.lost shouldBe 3
                stats.errors shouldBeGreaterThan 0
                lines shouldContain "rotolog: writing to <stdout> failed (PrintStream.checkError)"
            } finally {
                writer.shutdown(5.seconds)
            }
        }

        test("a working stream gets its records, counted written") {
            val bytes = ByteArrayOutputStream()
            val lines = Collections.synchronizedList(ArrayList<String>())
            val writer = writerTo(PrintStream(bytes, true, Charsets.UTF_8), StatusReporter(sink = { lines += it }))
            try {
                repeat(3) { writer.log("r$it") }
                writer.flush(5.seconds) shouldBe true
                bytes.toString(Charsets.UTF_8) shouldBe "r0\nr1\nr2\n"
                writer.counters.snapshot().let { it.written to it.lost } shouldBe (3L to 0L)
                lines shouldBe emptyList()
            } finally {
                writer.shutdown(5.seconds)
            }
        }

        test("after a huge record the builders give their size back") {
            val writer = writerTo(PrintStream(OutputStream.nullOutputStream()), StatusReporter(sink = {}))
            try {
                writer.log("h".repeat(4 shl 20))
                writer.flush(5.seconds) shouldBe true
                writer.counters.snapshot().written shouldBe 1
                writer.retainedChars shouldBeLessThan (1 shl 20)
            } finally {
                writer.shutdown(5.seconds)
            }
        }
    })
