package dev.rotolog.layout

import dev.rotolog.Level
import dev.rotolog.LogRecord
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import java.time.ZoneId
import java.time.ZoneOffset

class PatternLayoutTest :
    FunSpec({
        fun format(layout: Layout, record: LogRecord) = StringBuilder().also { layout.format(record, it) }.toString()

        val record =
            LogRecord(
                epochMillis = 1_795_269_787_045, // 2026-11-21T14:03:07.045Z
                level = Level.WARN,
                loggerName = "com.example.Db",
                message = "slow query",
                threadName = "worker-1",
                context = linkedMapOf("requestId" to "r-7"),
                keyValues = listOf("ms" to 1234),
                markers = listOf("AUDIT"),
            )

        test("the default pattern renders time with offset, padded level, thread, logger, message and context") {
            format(PatternLayout(zone = ZoneOffset.UTC), record) shouldBe
                "2026-11-21T14:03:07.045+00:00 WARN  [worker-1] com.example.Db - slow query requestId=r-7 ms=1234\n"
        }

        test("the time is local to the layout's zone") {
            format(PatternLayout("%d", ZoneId.of("Europe/Berlin")), record) shouldBe "2026-11-21T15:03:07.045+01:00"
            format(PatternLayout("%d", ZoneId.of("Asia/Kolkata")), record) shouldBe "2026-11-21T19:33:07.045+05:30"
        }

        test("milliseconds are zero padded and times before 1970 work") {
            format(PatternLayout("%d", ZoneOffset.UTC), LogRecord(5, Level.INFO, "l", "m")) shouldBe
                "1970-01-01T00:00:00.005+00:00"
            format(PatternLayout("%d", ZoneOffset.UTC), LogRecord(-1, Level.INFO, "l", "m")) shouldBe
                "1969-12-31T23:59:59.999+00:00"
        }

        test("markers, a single context field and a literal percent") {
            format(PatternLayout("%X{requestId} %X{missing}%marker 100%%"), record) shouldBe "r-7  [AUDIT] 100%"
        }

        withTests(
            nameFn = { "escapes ${it.first}" },
            "LF" to ("a\nb" to "a\\nb"),
            "CR" to ("a\rb" to "a\\rb"),
            "NEL" to ("a\u0085b" to "a\\u0085b"),
            "LINE SEPARATOR" to ("a\u2028b" to "a\\u2028b"),
            "PARAGRAPH SEPARATOR" to ("a\u2029b" to "a\\u2029b"),
            "ESC" to ("a\u001b[31mb" to "a\\u001b[31mb"),
            "DEL" to ("a\u007fb" to "a\\u007fb"),
            "C1 CSI U+009B" to ("a\u009b2Jb" to "a\\u009b2Jb"),
            "C1 U+0080" to ("a\u0080b" to "a\\u0080b"),
            "RIGHT-TO-LEFT OVERRIDE" to ("a\u202eb" to "a\\u202eb"),
            "FIRST STRONG ISOLATE" to ("a\u2068b" to "a\\u2068b"),
            "TAB (kept)" to ("a\tb" to "a\tb"),
            "backslash (kept)" to ("C:\\tmp" to "C:\\tmp"),
        ) { (_, case) ->
            format(PatternLayout("%msg"), LogRecord(0, Level.INFO, "l", case.first)) shouldBe case.second
        }

        test("a forged record in a message, a thread name or a context value stays on one line") {
            val forged =
                LogRecord(
                    0,
                    Level.INFO,
                    "l\nx",
                    "ok\n2026-01-01 ERROR fake",
                    threadName = "t\r\n",
                    context = mapOf("k\n" to "v\n"),
                )
            format(PatternLayout(), forged).trimEnd('\n') shouldNotContain "\n"
        }

        test("a stack trace stays on the record's line when escaping, and spans lines when not") {
            val failing =
                LogRecord(
                    0,
                    Level.ERROR,
                    "l",
                    "failed",
                    throwable = IllegalStateException("boom", RuntimeException("cause")),
                )
            val escaped = format(PatternLayout("%msg%ex%n"), failing)
            escaped.trimEnd('\n') shouldNotContain "\n"
            escaped shouldStartWith "failed java.lang.IllegalStateException: boom\\n\tat "
            escaped shouldContain "Caused by: java.lang.RuntimeException: cause"
            format(PatternLayout("%msg%ex%n", escapeLineBreaks = false), failing) shouldStartWith
                "failed\njava.lang.IllegalStateException: boom\n"
        }

        test(
            "without escapeLineBreaks only CR and LF pass: ESC, NUL, C1 and bidi controls are escaped in every field"
        ) {
            val hostile = "a\r\nb\u001b[2J\u0000\u009b\u0085\u2028\u202e"
            val kept = "a\r\nb\\u001b[2J\\u0000\\u009b\\u0085\\u2028\\u202e"
            val everywhere =
                LogRecord(
                    0,
                    Level.INFO,
                    hostile,
                    hostile,
                    threadName = hostile,
                    context = linkedMapOf(hostile to hostile),
                    keyValues = listOf(hostile to hostile),
                    markers = listOf(hostile),
                )
            format(
                PatternLayout("%logger|%thread|%msg|%X{$hostile}|%marker|%ctx", escapeLineBreaks = false),
                everywhere,
            ) shouldBe "$kept|$kept|$kept|$kept| [$kept]| $kept=$kept $kept=$kept"
        }

        test("a key-value whose toString throws and a throwable whose getMessage throws still give their record") {
            class Hostile : RuntimeException() {
                override val message: String
                    get() = throw IllegalStateException("no message")

                override fun toString(): String = throw UnsupportedOperationException("no text")
            }
            val record =
                LogRecord(0, Level.ERROR, "l", "m", throwable = Hostile(), keyValues = listOf("k" to Hostile()))
            val line = format(PatternLayout("%msg%ctx%ex%n"), record)
            line shouldStartWith "m k=<toString() failed: java.lang.UnsupportedOperationException> "
            line shouldContain "Hostile <stack trace failed: java.lang.UnsupportedOperationException>"
        }

        test("a width above 1000 fails at configuration time naming the pattern, the width and what is allowed") {
            shouldThrow<IllegalArgumentException> { PatternLayout("%d %-2000000000level %msg") }.message shouldBe
                "pattern: width 2000000000 in '%-2000000000level' at position 3 in \"%d %-2000000000level %msg\" is too large; " +
                    "use a width from 0 to 1000"
            // Too long for an Int: still the same error, not an overflow into a small or negative width.
            shouldThrow<IllegalArgumentException> {
                    PatternLayout(perLevel = mapOf(Level.INFO to "%-99999999999999999999p"))
                }
                .message shouldContain "pattern[INFO]: width 99999999999999999999 in '%-99999999999999999999p'"
            shouldThrow<IllegalArgumentException> { PatternLayout("%-1001level") }.message shouldContain
                "use a width from 0 to 1000"
            format(PatternLayout("%-1000level|"), record) shouldBe "WARN".padEnd(1000) + "|"
            format(PatternLayout("%-0007level|"), record) shouldBe "WARN   |"
        }

        test("an unknown conversion word fails naming the word, its position and what is allowed") {
            shouldThrow<IllegalArgumentException> { PatternLayout("%d %lvl %msg") }.message shouldBe
                "pattern: '%lvl' at position 3 in \"%d %lvl %msg\" is not known; use %d, %date, %thread, %t, %logger, %c, " +
                    "%msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%"
            shouldThrow<IllegalArgumentException> { PatternLayout("%X{abc") }.message shouldContain "unclosed '{'"
        }
    })

class PerLevelPatternTest :
    FunSpec({
        fun format(layout: Layout, level: Level, message: String = "m") =
            StringBuilder()
                .also {
                    layout.format(LogRecord(0, level, "l", message, throwable = IllegalStateException("boom")), it)
                }
                .toString()

        test("a level with a pattern of its own uses it; the others use the main pattern") {
            val layout =
                PatternLayout("%level %msg%n", perLevel = mapOf(Level.ERROR to "E! %msg%ex%n", Level.TRACE to "%msg%n"))
            format(layout, Level.TRACE) shouldBe "m\n"
            format(layout, Level.DEBUG) shouldBe "DEBUG m\n"
            format(layout, Level.INFO) shouldBe "INFO m\n"
            format(layout, Level.WARN) shouldBe "WARN m\n"
            format(layout, Level.ERROR) shouldStartWith "E! m java.lang.IllegalStateException: boom\\n\tat "
        }

        test("per-level patterns escape line breaks like the main one") {
            val layout = PatternLayout("%msg%n", perLevel = mapOf(Level.WARN to "W %msg%n"))
            format(layout, Level.WARN, "a\nb") shouldBe "W a\\nb\n"
            format(
                PatternLayout("%msg%n", escapeLineBreaks = false, perLevel = mapOf(Level.WARN to "W %msg%n")),
                Level.WARN,
                "a\nb",
            ) shouldBe "W a\nb\n"
        }

        test("a wrong per-level pattern is named by its level; OFF is refused") {
            shouldThrow<IllegalArgumentException> { PatternLayout(perLevel = mapOf(Level.DEBUG to "%msg %x")) }
                .message shouldBe
                "pattern[DEBUG]: '%x' at position 5 in \"%msg %x\" is not known; use %d, %date, %thread, %t, %logger, %c, " +
                    "%msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%"
            shouldThrow<IllegalArgumentException> { PatternLayout(perLevel = mapOf(Level.OFF to "%msg")) }
                .message shouldBe
                "pattern[OFF]: OFF is only a threshold, never the level of a record; give patterns for TRACE, DEBUG, INFO, WARN or ERROR"
        }
    })
