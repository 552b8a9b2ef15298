package dev.rotolog.layout

import java.time.Instant
import java.time.ZoneId
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter

/**
 * Formats epoch milliseconds as ISO-8601 local time with milliseconds and offset
 * (`2026-11-21T14:03:07.123+01:00`), caching the text of the current second so most records cost only the
 * three millisecond digits.
 */
internal class TimestampFormat(private val zone: ZoneId) {
    private class CachedSecond(val epochSecond: Long, val dateTime: String, val offset: String)

    // Replaced as a whole, never mutated: racing writers of two targets may share one layout.
    @Volatile
    private var cached = CachedSecond(Long.MIN_VALUE, "", "")

    fun append(epochMillis: Long, out: StringBuilder) {
        val second = Math.floorDiv(epochMillis, 1000L)
        var current = cached
        if (current.epochSecond != second) {
            val time = ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), zone)
            val offset = time.offset.id.let { if (it == "Z") "+00:00" else it }
            current = CachedSecond(second, DATE_TIME.format(time), offset)
            cached = current
        }
        val millis = Math.floorMod(epochMillis, 1000L).toInt()
        out.append(current.dateTime).append('.')
        if (millis < 100) out.append('0')
        if (millis < 10) out.append('0')
        out.append(millis).append(current.offset)
    }

    private companion object {
        val DATE_TIME: DateTimeFormatter = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
    }
}
