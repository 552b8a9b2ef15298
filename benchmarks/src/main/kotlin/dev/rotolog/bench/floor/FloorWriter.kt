package dev.rotolog.bench.floor

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption.APPEND
import java.nio.file.StandardOpenOption.CREATE
import java.nio.file.StandardOpenOption.WRITE
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.util.concurrent.ArrayBlockingQueue
import java.util.concurrent.CountDownLatch

/**
 * The floor of the multi-process comparison: the least a correct batched multi-process writer must do, written for the
 * benchmark only. One bounded queue, one writer thread, per batch one cross-process lock on `<file>.lock` and one
 * append; the line is formatted by hand in the same format as everyone else's.
 *
 * Limits, on purpose: no rotation, no identity check, no torn-tail repair, no escaping (the benchmark's messages are
 * escaped already), no error handling beyond stopping, no overflow policy but blocking. Whatever rotolog costs on top
 * of this is the price of what this leaves out.
 */
class FloorWriter(file: Path, capacity: Int, private val maxBatch: Int = 8_192) : AutoCloseable {
    private class Entry(val millis: Long, val thread: String, val logger: String, val message: String)

    private val queue = ArrayBlockingQueue<Any>(capacity)
    private val out = FileChannel.open(file, CREATE, WRITE, APPEND)
    private val lock = FileChannel.open(file.resolveSibling("${file.fileName}.lock"), CREATE, WRITE)
    private val line = StringBuilder(512)
    private var bytes = ByteArray(1 shl 20)
    private var size = 0
    private val time = SecondCache(ZoneId.systemDefault())

    @Volatile private var failure: Throwable? = null

    /** Batches written and the time the lock was held for them, for comparison with rotolog's counters. */
    @Volatile
    var batches: Long = 0
        private set

    @Volatile
    var lockHoldNanos: Long = 0
        private set

    @Volatile
    var lockWaitNanos: Long = 0
        private set

    @Volatile
    var written: Long = 0
        private set

    private val thread =
        Thread(::run, "floor-writer").apply {
            isDaemon = true
            start()
        }

    fun log(logger: String, message: String) {
        queue.put(Entry(System.currentTimeMillis(), Thread.currentThread().name, logger, message))
    }

    /** Waits until everything logged before this call is written. */
    fun flush() {
        val done = CountDownLatch(1)
        queue.put(done)
        done.await()
    }

    /** Writes everything queued, then stops. Throws what the writer failed with, if it failed. */
    override fun close() {
        queue.put(STOP)
        thread.join()
        out.close()
        lock.close()
        failure?.let { throw IllegalStateException("the floor writer failed", it) }
    }

    private fun run() {
        val batch = ArrayList<Any>(maxBatch)
        try {
            while (true) {
                batch.add(queue.take())
                queue.drainTo(batch, maxBatch - 1)
                size = 0
                var stop = false
                var records = 0
                val flushes = ArrayList<CountDownLatch>(0)
                for (entry in batch) {
                    when {
                        entry === STOP -> stop = true
                        entry is CountDownLatch -> flushes += entry
                        else -> encode(entry as Entry).also { records++ }
                    }
                }
                batch.clear()
                if (size > 0) write()
                written += records
                flushes.forEach { it.countDown() }
                if (stop) return
            }
        } catch (t: Throwable) {
            failure = t
        }
    }

    private fun encode(e: Entry) {
        line.setLength(0)
        time.append(e.millis, line)
        line
            .append(" INFO  [")
            .append(e.thread)
            .append("] ")
            .append(e.logger)
            .append(" - ")
            .append(e.message)
            .append('\n')
        utf8(line)
    }

    private fun write() {
        val buffer = ByteBuffer.wrap(bytes, 0, size)
        val asked = System.nanoTime()
        lock.lock().use {
            val held = System.nanoTime()
            while (buffer.hasRemaining()) out.write(buffer)
            lockHoldNanos += System.nanoTime() - held
            lockWaitNanos += held - asked
        }
        batches++
    }

    /**
     * UTF-8 of [text] appended to [bytes] through the JDK's own encoder (`String.getBytes`, an intrinsic with an ASCII
     * fast path; a lone surrogate becomes '?'): the straightforward way, and fast. A hand-written per-char loop over
     * the StringBuilder, used here before, made the floor slower than rotolog's own encoder.
     */
    private fun utf8(text: CharSequence) {
        val encoded = text.toString().toByteArray(Charsets.UTF_8)
        if (bytes.size - size < encoded.size) bytes = bytes.copyOf(maxOf(bytes.size * 2, size + encoded.size))
        System.arraycopy(encoded, 0, bytes, size, encoded.size)
        size += encoded.size
    }

    private companion object {
        val STOP = Any()
    }
}

/** `2026-11-21T14:03:07.123+01:00`, with the text of the current second cached. */
internal class SecondCache(private val zone: ZoneId) {
    private var second = Long.MIN_VALUE
    private var prefix = ""
    private var offset = ""

    fun append(millis: Long, out: StringBuilder) {
        val s = Math.floorDiv(millis, 1000L)
        if (s != second) {
            val time = Instant.ofEpochSecond(s).atZone(zone)
            prefix = FORMAT.format(time)
            offset = time.offset.id.let { if (it == "Z") "+00:00" else it }
            second = s
        }
        val ms = Math.floorMod(millis, 1000L).toInt()
        out.append(prefix).append('.')
        if (ms < 100) out.append('0')
        if (ms < 10) out.append('0')
        out.append(ms).append(offset)
    }

    private companion object {
        val FORMAT: DateTimeFormatter = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
    }
}
