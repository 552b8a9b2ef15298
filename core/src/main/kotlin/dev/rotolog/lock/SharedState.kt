package dev.rotolog.lock

import java.util.zip.CRC32

/**
 * The rotation state every process shares, kept at offset 0 of the lock file and read and written only while the
 * cross-process lock is held. Decisions to rotate are taken from it, never from per-process timers.
 *
 * The format is text (`key=value` lines behind a header with the format version, then a CRC-32 line), so that an
 * operator can read it with `cat`. A newer format version is refused; a corrupt record is rebuilt from the files on
 * disk by the caller. Fields this version does not know are ignored, so records that still carry the `generation`
 * counter earlier versions wrote are read as they are.
 */
internal data class SharedState(
    /** Start (epoch millis) of the time period the active file belongs to; [NO_PERIOD] before the first write. */
    val periodStart: Long = NO_PERIOD,
    /** The size-split index the active file will get when it is archived within its period. */
    val splitIndex: Int = 0,
) {
    companion object {
        const val FORMAT_VERSION: Int = 1
        const val NO_PERIOD: Long = Long.MIN_VALUE
        private const val HEADER = "rotolog-state"

        /** 9999-12-31T23:59:59.999Z: the last instant whose year an archive name can carry. */
        const val MAX_PERIOD_START: Long = 253_402_300_799_999L

        /** Far above any real number of size splits within one period, far below an overflow. */
        const val MAX_SPLIT_INDEX: Long = 1_000_000L
    }

    fun encode(): ByteArray {
        val body = buildString {
            append(HEADER).append(' ').append(FORMAT_VERSION).append('\n')
            append("periodStart=").append(periodStart).append('\n')
            append("splitIndex=").append(splitIndex).append('\n')
        }
        val crc = CRC32().apply { update(body.toByteArray(Charsets.US_ASCII)) }.value
        return (body + "crc=" + java.lang.Long.toHexString(crc) + "\n").toByteArray(Charsets.US_ASCII)
    }

    /**
     * Why a stored state could not be used. When [newerFormat] is false the record is corrupt (torn write, foreign
     * content) and the caller rebuilds it; when true a newer rotolog wrote it, and rebuilding would throw away state
     * this version does not understand, so the caller must refuse to rotate and report.
     */
    class UnreadableStateException(message: String, val newerFormat: Boolean = false) : Exception(message)

    object Codec {
        /** Decodes [bytes]; an empty record is the initial state. Throws [UnreadableStateException] otherwise. */
        fun decode(bytes: ByteArray): SharedState {
            if (bytes.isEmpty()) return SharedState()
            val text = String(bytes, Charsets.US_ASCII)
            val crcAt = text.lastIndexOf("crc=")
            if (!text.startsWith(HEADER) || crcAt < 0) throw UnreadableStateException("not a rotolog state record")
            val body = text.substring(0, crcAt)
            // The checksum first: only a record whose CRC holds is believed, its version included, so garbage that
            // happens to start with the header cannot stop rotation by claiming a future version.
            val storedCrc = text.substring(crcAt + 4).trim().toLongOrNull(16)
            val crc = CRC32().apply { update(body.toByteArray(Charsets.US_ASCII)) }.value
            if (storedCrc != crc) throw UnreadableStateException("checksum mismatch")
            val version =
                body.substringAfter(' ').substringBefore('\n').toIntOrNull()
                    ?: throw UnreadableStateException("no format version")
            if (version > FORMAT_VERSION) {
                throw UnreadableStateException(
                    "format version $version was written by a newer rotolog; this one reads up to $FORMAT_VERSION",
                    newerFormat = true,
                )
            }
            val fields =
                body
                    .lineSequence()
                    .drop(1)
                    .filter { it.isNotEmpty() }
                    .associate { it.substringBefore('=') to it.substringAfter('=', "") }
            fun long(key: String) = fields[key]?.toLongOrNull() ?: throw UnreadableStateException("bad field $key")
            // Values no rotolog writes (a buggy or hostile writer with a valid CRC) are refused, so the caller
            // rebuilds the state: a period outside years 1970..9999 would give archive names retention cannot
            // parse, and an index near Int.MAX_VALUE would overflow when counted up.
            val periodStart = long("periodStart")
            if (periodStart != NO_PERIOD && periodStart !in 0..MAX_PERIOD_START) {
                throw UnreadableStateException("implausible periodStart $periodStart")
            }
            val splitIndex = long("splitIndex")
            if (splitIndex !in 0..MAX_SPLIT_INDEX) throw UnreadableStateException("implausible splitIndex $splitIndex")
            return SharedState(periodStart = periodStart, splitIndex = splitIndex.toInt())
        }
    }
}
