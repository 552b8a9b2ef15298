package dev.rotolog.layout

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.testkit.HostileText
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.charset.StandardCharsets
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import kotlin.random.Random

/**
 * Both outputs of PatternLayout against lines built independently: the fields escaped by [LineEscaper.escape] (CR and
 * LF kept when `escapeLineBreaks = false`), the time by a JDK formatter. `format()` must give that text; the bytes for
 * the file writer must be its UTF-8 with '?' for a lone surrogate, as the writer encoded the text of `format()` before
 * it had a byte path.
 */
class PatternLayoutBytesTest :
    FunSpec({
        val random = Random(1795269787)

        fun text(maxLength: Int) = HostileText.random(random, random.nextInt(0, maxLength))

        fun randomRecord(): LogRecord =
            LogRecord(
                epochMillis = random.nextLong(-100_000_000_000L, 4_000_000_000_000L),
                level = Level.entries.filter { it != Level.OFF }.random(random),
                loggerName = if (random.nextBoolean()) "com.example.Service" else text(20),
                message = text(if (random.nextInt(50) == 0) 10_000 else 200),
                throwable =
                    if (random.nextInt(5) == 0) IllegalStateException(text(30), RuntimeException(text(10))) else null,
                threadName = if (random.nextBoolean()) "worker-${random.nextInt(10)}" else text(10),
                context =
                    if (random.nextBoolean()) linkedMapOf("requestId" to text(10), text(5) to text(5)) else emptyMap(),
                keyValues =
                    if (random.nextBoolean()) listOf("ms" to random.nextInt(), text(5) to text(5), "none" to null)
                    else emptyList(),
                markers = if (random.nextBoolean()) listOf("AUDIT", text(5)) else emptyList(),
            )

        val time = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx")

        fun expectedDefault(record: LogRecord, zone: ZoneId, escape: Boolean): String {
            fun e(s: String) = LineEscaper.escape(s, keepLineBreaks = !escape)
            val context =
                record.context.entries.joinToString("") { " ${e(it.key)}=${e(it.value)}" } +
                    record.keyValues.joinToString("") { " ${e(it.first)}=${e(it.second.toString())}" }
            val trace = record.throwable?.stackTraceToString()?.trimEnd()
            val exception = if (trace == null) "" else if (escape) " " + e(trace) else "\n" + e(trace)
            return time.format(Instant.ofEpochMilli(record.epochMillis).atZone(zone)) +
                " " +
                record.level.name.padEnd(5) +
                " [" +
                e(record.threadName) +
                "] " +
                e(record.loggerName) +
                " - " +
                e(record.message) +
                context +
                exception +
                "\n"
        }

        fun expectedFieldsPattern(record: LogRecord): String {
            val e = { s: String -> LineEscaper.escape(s) }
            val markers = if (record.markers.isEmpty()) "" else record.markers.joinToString(",", " [", "]") { e(it) }
            return (record.context["requestId"]?.let(e) ?: "") +
                " " +
                markers +
                " 100% " +
                record.level.name +
                "|" +
                record.level.name +
                " " +
                e(record.message) +
                "\n"
        }

        fun encode(layout: Layout, record: LogRecord): ByteArray {
            val out = Utf8Buffer(64)
            out.append("before|")
            layout.shouldBeInstanceOf<ByteLayout>().encode(record, out)
            return out.bytes.copyOfRange("before|".length, out.size)
        }

        fun checkBothOutputs(layout: Layout, record: LogRecord, expectedText: String) {
            val expected = expectedText.toByteArray(StandardCharsets.UTF_8)
            withClue(expectedText.take(120)) {
                encode(layout, record) shouldBe expected
                StringBuilder("kept").also { layout.format(record, it) }.toString() shouldBe "kept" + expectedText
            }
        }

        test("random hostile records in the default pattern, escaped, in two zones") {
            for (zone in listOf(ZoneOffset.UTC, ZoneId.of("Asia/Kolkata"))) {
                val layout = PatternLayout(zone = zone)
                repeat(1_000) {
                    val record = randomRecord()
                    checkBothOutputs(layout, record, expectedDefault(record, zone, escape = true))
                }
            }
        }

        test("random hostile records in the default pattern without escaping keep their line breaks, and only them") {
            val zone = ZoneId.of("Europe/Berlin")
            val layout = PatternLayout(zone = zone, escapeLineBreaks = false)
            repeat(1_000) {
                val record = randomRecord()
                checkBothOutputs(layout, record, expectedDefault(record, zone, escape = false))
            }
        }

        test("context fields, markers, literals and both spellings of the level") {
            val layout = PatternLayout("%X{requestId} %X{missing}%marker 100%% %p|%level %m%n")
            repeat(1_000) {
                val record = randomRecord()
                checkBothOutputs(layout, record, expectedFieldsPattern(record))
            }
        }

        test("records of one second but different milliseconds, and of different seconds, each get their own time") {
            val layout = PatternLayout("%d%n", ZoneOffset.UTC)
            for (millis in
                listOf(
                    1_795_269_787_000L,
                    1_795_269_787_009L,
                    1_795_269_787_099L,
                    1_795_269_787_999L,
                    1_795_269_788_000L,
                    -1L,
                    0L,
                )) {
                val record = LogRecord(millis, Level.INFO, "l", "m")
                checkBothOutputs(
                    layout,
                    record,
                    time.format(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC)) + "\n",
                )
            }
        }
    })
