package dev.rotolog.status

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/**
 * rotolog's own status channel: problems that a log call may not throw (I/O errors, drops, corrupt state) go
 * here. Each kind of problem is printed to stderr at most once per [intervalNanos], with the number of repeats
 * that were held back, and every report is counted.
 */
internal class StatusReporter(
    private val intervalNanos: Long = 10_000_000_000L,
    private val nanoTime: () -> Long = System::nanoTime,
    @Volatile var sink: (String) -> Unit = { line -> System.err.println(line) },
) {
    private class Slot(val lastPrinted: Long, val suppressed: Long)

    private val slots = ConcurrentHashMap<String, Slot>()
    private val reportCount = AtomicLong()

    val reports: Long get() = reportCount.get()

    /** Reports a problem of kind [key]; repeated kinds within the interval are counted, not printed. */
    fun report(key: String, message: String, cause: Throwable? = null) {
        reportCount.incrementAndGet()
        val now = nanoTime()
        var printSuppressed = -1L
        slots.compute(key) { _, slot ->
            when {
                slot == null -> Slot(now, 0).also { printSuppressed = 0 }
                now - slot.lastPrinted >= intervalNanos -> Slot(now, 0).also { printSuppressed = slot.suppressed }
                else -> Slot(slot.lastPrinted, slot.suppressed + 1)
            }
        }
        if (printSuppressed < 0) return
        val causeText = cause?.let { ": ${it.javaClass.name}: ${it.message}" } ?: ""
        val repeats = if (printSuppressed > 0) " ($printSuppressed similar reports held back)" else ""
        try {
            sink("rotolog: $message$causeText$repeats")
        } catch (_: Throwable) {
            // The status channel itself must never throw into the writer.
        }
    }

    /** Prints [message] at once, never held back by the rate limit: for the final figures of a loss. */
    fun reportAlways(message: String) {
        reportCount.incrementAndGet()
        try {
            sink("rotolog: $message")
        } catch (_: Throwable) {
            // The status channel itself must never throw into the writer.
        }
    }

    companion object {
        /** The reporter used by every owner in this JVM. */
        val global: StatusReporter = StatusReporter()
    }
}
