package dev.rotolog.status

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith

class StatusReporterTest :
    FunSpec({
        test("a repeated problem is printed once per interval with the number held back, and every report is counted") {
            var now = 0L
            val printed = ArrayList<String>()
            val reporter = StatusReporter(intervalNanos = 1_000, nanoTime = { now }, sink = { printed += it })
            repeat(5) { reporter.report("disk", "disk full") }
            reporter.report("other", "another problem")
            now = 1_000
            reporter.report("disk", "disk full")
            printed shouldBe
                listOf(
                    "rotolog: disk full",
                    "rotolog: another problem",
                    "rotolog: disk full (4 similar reports held back)",
                )
            reporter.reports shouldBe 7
        }

        test("a sink that throws does not escape the reporter") {
            val reporter = StatusReporter(sink = { error("stderr closed") })
            reporter.report("k", "m")
            reporter.reports shouldBe 1
        }

        test("names and messages with CR, LF, ESC or NUL cannot forge a status line or a terminal sequence") {
            val printed = ArrayList<String>()
            val reporter = StatusReporter(sink = { printed += it })
            val path = "/var/log/x\nrotolog: all records written\r\u001b[2K"
            reporter.report(
                "write:$path",
                "cannot write 5 bytes to $path",
                java.io.IOException("disk\u0000\u009b2J\n full"),
            )
            printed.single() shouldBe
                "rotolog: cannot write 5 bytes to /var/log/x\\nrotolog: all records written\\r\\u001b[2K: " +
                    "java.io.IOException: disk\\u0000\\u009b2J\\n full"
        }

        test("a cause whose getMessage throws, even an OutOfMemoryError, is reported by its class and never escapes") {
            class Hostile(private val failure: Throwable) : RuntimeException() {
                override val message: String
                    get() = throw failure

                override fun toString(): String = throw failure
            }
            val printed = ArrayList<String>()
            val reporter = StatusReporter(sink = { printed += it })
            reporter.report("a", "first", Hostile(IllegalStateException("no message")))
            reporter.report("b", "second", Hostile(OutOfMemoryError("Java heap space")))
            printed[0] shouldEndWith "Hostile: (getMessage() failed: java.lang.IllegalStateException)"
            printed[1] shouldEndWith "Hostile: (getMessage() failed: java.lang.OutOfMemoryError)"
            reporter.reports shouldBe 2
        }

        test("a message that throws, a clock that throws: counted, never thrown") {
            val printed = ArrayList<String>()
            var clockFails = false
            val reporter =
                StatusReporter(
                    nanoTime = { if (clockFails) throw OutOfMemoryError() else 0L },
                    sink = { printed += it },
                )
            reporter.report("k", { throw IllegalStateException("cannot build the text") })
            clockFails = true
            reporter.report("k2", "never printed")
            printed shouldBe listOf("rotolog: (the text of this report failed: java.lang.IllegalStateException)")
            reporter.reports shouldBe 2
        }

        test("a huge message or cause message is cut, so a status line stays short") {
            val printed = ArrayList<String>()
            val reporter = StatusReporter(sink = { printed += it })
            reporter.report("k", "m".repeat(100_000), IllegalStateException("c".repeat(100_000)))
            printed.single().length shouldBeLessThan 3 * StatusReporter.MAX_TEXT_CHARS
            printed.single() shouldContain "m... (cut, 100000 chars): java.lang.IllegalStateException: ccc"
            printed.single() shouldEndWith "c... (cut, 100000 chars)"
        }

        test("reportAlways prints every time, escaped, and counts") {
            var now = 0L
            val printed = ArrayList<String>()
            val reporter = StatusReporter(intervalNanos = 1_000, nanoTime = { now }, sink = { printed += it })
            reporter.report("lost", "first")
            reporter.reportAlways("app.log\n: 3 records lost")
            reporter.reportAlways("app.log\n: 3 records lost")
            reporter.report("lost", "held back")
            printed shouldBe
                listOf("rotolog: first", "rotolog: app.log\\n: 3 records lost", "rotolog: app.log\\n: 3 records lost")
            reporter.reports shouldBe 4
            StatusReporter(sink = { error("stderr closed") }).reportAlways("m")
        }
    })
