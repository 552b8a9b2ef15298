package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import java.time.DateTimeException
import java.time.LocalDateTime
import java.time.ZoneOffset

/**
 * The archive names of one active file: builds them ([name]) and recognizes them ([parse]).
 *
 * The name is `<stem>.<label>[<offset>][.<index>]<extension>`, where the active file is `<stem><extension>` (`app` +
 * `.log`; a name without a dot, or with only a leading dot, has no extension). The label's format follows from [unit]
 * (see [RotationSettings]); the offset (`+0100`, `-0500`, `+053028` for an offset with seconds) marks the second
 * showing of a repeated wall-clock time; the index is 1, 2, ... for the later files of one period (0 is written as no
 * index). Size-only archives (no [unit]) are `<stem>.<index><extension>` from 1 up. A `.gz` suffix after any of these
 * marks a compressed archive.
 *
 * [parse] recognizes exactly these names and nothing else (not the active file, not `.lock`, not `.gz.part` leftovers,
 * not impossible dates), so that retention can never delete a stranger's file. Names alone cannot tell an archive from
 * another log's live file that a path template gave the same shape (`app.7.log` of `app.{key}.log`); the archiver and
 * the planner also ask [LiveLogNames]. It does not check that a label lies on the current grid (an odd hour under
 * `every(2, HOURS)`, a Tuesday for weeks): archives written under an earlier amount or first day are still ours and
 * stay under retention.
 */
internal class ArchiveNaming(val activeFileName: String, val unit: PeriodUnit?) {
    val stem: String
    val extension: String

    init {
        require(activeFileName.isNotEmpty() && '/' !in activeFileName) { "not a file name: $activeFileName" }
        val dot = activeFileName.lastIndexOf('.')
        if (dot > 0 && dot < activeFileName.length - 1) {
            stem = activeFileName.substring(0, dot)
            extension = activeFileName.substring(dot)
        } else {
            stem = activeFileName
            extension = ""
        }
    }

    private val middle: Regex = Regex(middlePattern(unit))

    /** The archive name of the period [label] (null for size-only) with [repeatOffset] and [index]. */
    fun name(label: LocalDateTime?, repeatOffset: ZoneOffset?, index: Int): String {
        require(index >= 0) { "negative index $index" }
        val text = StringBuilder(activeFileName.length + 32).append(stem).append('.')
        if (unit == null) {
            require(label == null && repeatOffset == null && index >= 1) {
                "size-only archives have an index from 1 only"
            }
            text.append(index)
        } else {
            requireNotNull(label) { "a time archive needs a label" }
            appendLabel(label, text)
            if (repeatOffset != null) appendOffset(repeatOffset, text)
            if (index > 0) text.append('.').append(index)
        }
        return text.append(extension).toString()
    }

    /**
     * The start every archive name of the period [label] shares (with or without repeat offset and index), so a caller
     * can skip most names of a large directory with a cheap prefix test before [parse].
     */
    fun periodPrefix(label: LocalDateTime?): String {
        val text = StringBuilder(activeFileName.length + 24).append(stem).append('.')
        if (unit != null && label != null) appendLabel(label, text)
        return text.toString()
    }

    /** The parts of [fileName] if it is one of our archive names for this active file and unit, else null. */
    fun parse(fileName: String): ArchiveName? =
        parseUncompressed(fileName, fileName, compressed = false)
            ?: if (fileName.endsWith(ArchiveName.GZ)) {
                parseUncompressed(fileName.dropLast(ArchiveName.GZ.length), fileName, compressed = true)
            } else {
                null
            }

    private fun parseUncompressed(base: String, fileName: String, compressed: Boolean): ArchiveName? {
        val prefixLength = stem.length + 1
        if (base.length <= prefixLength + extension.length) return null
        if (!base.startsWith(stem) || base[stem.length] != '.' || !base.endsWith(extension)) return null
        val match = middle.matchEntire(base.substring(prefixLength, base.length - extension.length)) ?: return null
        // Asking for a group the pattern does not have throws, so ask only for the unit's own groups.
        fun group(name: String, present: Boolean = true): String? = if (present) match.groups[name]?.value else null
        val index = group(INDEX)?.toInt() ?: 0
        if (unit == null) return ArchiveName(fileName, null, null, index, compressed)
        val label =
            try {
                LocalDateTime.of(
                    group(YEAR)!!.toInt(),
                    group(MONTH)!!.toInt(),
                    group(DAY)!!.toInt(),
                    group(HOUR, unit <= PeriodUnit.HOURS)?.toInt() ?: 0,
                    group(MINUTE, unit <= PeriodUnit.MINUTES)?.toInt() ?: 0,
                    group(SECOND, unit <= PeriodUnit.SECONDS)?.toInt() ?: 0,
                )
            } catch (_: DateTimeException) {
                return null
            }
        val offset = group(OFFSET, unit < PeriodUnit.DAYS)?.let { parseOffset(it) ?: return null }
        return ArchiveName(fileName, label, offset, index, compressed)
    }

    private fun appendLabel(label: LocalDateTime, text: StringBuilder) {
        pad(label.year, 4, text).append('-')
        pad(label.monthValue, 2, text).append('-')
        pad(label.dayOfMonth, 2, text)
        if (unit!! <= PeriodUnit.HOURS) pad(label.hour, 2, text.append('_'))
        if (unit <= PeriodUnit.MINUTES) pad(label.minute, 2, text.append('-'))
        if (unit <= PeriodUnit.SECONDS) pad(label.second, 2, text.append('-'))
    }

    private fun appendOffset(offset: ZoneOffset, text: StringBuilder) {
        val total = offset.totalSeconds
        val abs = Math.abs(total)
        text.append(if (total < 0) '-' else '+')
        pad(abs / 3600, 2, text)
        pad(abs / 60 % 60, 2, text)
        if (abs % 60 != 0) pad(abs % 60, 2, text)
    }

    /** The offset [appendOffset] wrote as [text], or null if it never writes that text. */
    private fun parseOffset(text: String): ZoneOffset? {
        val sign = if (text[0] == '-') -1 else 1
        val hours = text.substring(1, 3).toInt()
        val minutes = text.substring(3, 5).toInt()
        val seconds = if (text.length > 5) text.substring(5, 7).toInt() else 0
        if (minutes > 59 || seconds > 59 || (text.length > 5 && seconds == 0)) return null
        val total = hours * 3600 + minutes * 60 + seconds
        if (total == 0 && sign < 0) return null
        return try {
            ZoneOffset.ofTotalSeconds(sign * total)
        } catch (_: DateTimeException) {
            null
        }
    }

    private fun pad(value: Int, width: Int, text: StringBuilder): StringBuilder {
        val digits = value.toString()
        repeat(width - digits.length) { text.append('0') }
        return text.append(digits)
    }

    private companion object {
        const val YEAR = "y"
        const val MONTH = "mo"
        const val DAY = "d"
        const val HOUR = "h"
        const val MINUTE = "mi"
        const val SECOND = "s"
        const val OFFSET = "off"
        const val INDEX = "i"

        fun middlePattern(unit: PeriodUnit?): String {
            // An index is 1 to 9 digits without a leading zero: exactly what name() writes.
            val index = "(?<$INDEX>[1-9][0-9]{0,8})"
            if (unit == null) return index
            val date = "(?<$YEAR>[0-9]{4})-(?<$MONTH>[0-9]{2})-(?<$DAY>[0-9]{2})"
            val time =
                when (unit) {
                    PeriodUnit.SECONDS -> "_(?<$HOUR>[0-9]{2})-(?<$MINUTE>[0-9]{2})-(?<$SECOND>[0-9]{2})"
                    PeriodUnit.MINUTES -> "_(?<$HOUR>[0-9]{2})-(?<$MINUTE>[0-9]{2})"
                    PeriodUnit.HOURS -> "_(?<$HOUR>[0-9]{2})"
                    PeriodUnit.DAYS,
                    PeriodUnit.WEEKS -> ""
                }
            // Only periods shorter than a day can start at a repeated wall-clock time, so only they carry an offset.
            val offset = if (unit < PeriodUnit.DAYS) "(?<$OFFSET>[+-][0-9]{4}(?:[0-9]{2})?)?" else ""
            return "$date$time$offset(?:\\.$index)?"
        }
    }
}
