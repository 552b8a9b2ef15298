package dev.rotolog.archive

import java.io.OutputStream
import java.util.zip.CRC32
import java.util.zip.Deflater

/**
 * Writes one gzip member (RFC 1952) to [out]: a fixed 10-byte header, raw deflate data, then the CRC-32 and the length
 * of the input. Not `GZIPOutputStream`, whose `close()` after a failed write can skip ending its `Deflater` on older
 * JDKs: here [close] always frees the native memory, whatever failed before.
 *
 * The header has no file name and a zero modification time, so the output depends on the input alone.
 */
internal class GzipWriter(private val out: OutputStream, level: Int = Deflater.DEFAULT_COMPRESSION) : AutoCloseable {
    private val deflater = Deflater(level, true)
    private val crc = CRC32()
    private val buffer = ByteArray(BUFFER_SIZE)
    private var length = 0L
    private var headerWritten = false

    /** Compresses [count] bytes of [bytes] from [offset]. */
    fun write(bytes: ByteArray, offset: Int, count: Int) {
        writeHeader()
        if (count == 0) return
        crc.update(bytes, offset, count)
        length += count
        deflater.setInput(bytes, offset, count)
        while (!deflater.needsInput()) drain()
    }

    /** Writes the rest of the compressed data and the trailer. The caller then syncs and closes [out]. */
    fun finish() {
        writeHeader()
        deflater.finish()
        while (!deflater.finished()) drain()
        val value = crc.value
        val trailer = ByteArray(TRAILER_SIZE)
        littleEndian(value, trailer, 0)
        littleEndian(length and 0xffffffffL, trailer, 4)
        out.write(trailer)
        out.flush()
    }

    /** Frees the deflater; does not close [out]. */
    override fun close() {
        deflater.end()
    }

    private fun drain() {
        val n = deflater.deflate(buffer)
        if (n > 0) out.write(buffer, 0, n)
    }

    private fun writeHeader() {
        if (headerWritten) return
        headerWritten = true
        // ID1 ID2, CM = deflate, FLG = none, MTIME = 0 (4 bytes), XFL = 0, OS = 255 (unknown).
        out.write(byteArrayOf(0x1f, 0x8b.toByte(), 8, 0, 0, 0, 0, 0, 0, 0xff.toByte()))
    }

    private fun littleEndian(value: Long, into: ByteArray, at: Int) {
        for (i in 0 until 4) into[at + i] = (value ushr (8 * i)).toByte()
    }

    private companion object {
        const val BUFFER_SIZE = 64 * 1024
        const val TRAILER_SIZE = 8
    }
}
