package dev.rotolog.status

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class StatusReporterTest : FunSpec({
    test("a repeated problem is printed once per interval with the number held back, and every report is counted") {
        var now = 0L
        val printed = ArrayList<String>()
        val reporter = StatusReporter(intervalNanos = 1_000, nanoTime = { now }, sink = { printed += it })
        repeat(5) { reporter.report("disk", "disk full") }
        reporter.report("other", "another problem")
        now = 1_000
        reporter.report("disk", "disk full")
        printed shouldBe listOf(
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
})
