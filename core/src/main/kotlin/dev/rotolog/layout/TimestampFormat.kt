package dev.rotolog.layout

import java.nio.charset.StandardCharsets
import java.time.Instant
import java.time.ZoneId
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter

/**
 * Formats epoch milliseconds as ISO-8601 local time with milliseconds and offset (`2026-11-21T14:03:07.123+01:00`),
 * caching the text and bytes of the current second so most records cost only the three millisecond digits.
 */
internal class TimestampFormat(private val zone: ZoneId) {
    /** [dateTime] ends with the '.' before the milliseconds. */
    private class CachedSecond(val epochSecond: Long, val dateTime: String, val offset: String) {
        val dateTimeUtf8: ByteArray = dateTime.toByteArray(StandardCharsets.UTF_8)
        val offsetUtf8: ByteArray = offset.toByteArray(StandardCharsets.UTF_8)
    }

    // Replaced as a whole, never mutated: racing writers of two targets may share one layout.
    @Volatile private var cached = CachedSecond(Long.MIN_VALUE, "", "")

    fun write(epochMillis: Long, out: TextSink) {
        val second = second(epochMillis)
        val millis = Math.floorMod(epochMillis, 1000L).toInt()
        out.appendLiteral(second.dateTime, second.dateTimeUtf8)
        out.appendAscii('0' + millis / 100)
        out.appendAscii('0' + millis / 10 % 10)
        out.appendAscii('0' + millis % 10)
        out.appendLiteral(second.offset, second.offsetUtf8)
    }

    fun append(epochMillis: Long, out: StringBuilder) {
        write(epochMillis, StringBuilderSink(out))
    }

    private fun second(epochMillis: Long): CachedSecond {
        val second = Math.floorDiv(epochMillis, 1000L)
        val current = cached
        if (current.epochSecond == second) return current
        val time = ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), zone)
        val offset = time.offset.id.let { if (it == "Z") "+00:00" else it }
        return CachedSecond(second, DATE_TIME.format(time) + ".", offset).also { cached = it }
    }

    private companion object {
        val DATE_TIME: DateTimeFormatter = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
    }
}
