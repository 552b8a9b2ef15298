package dev.rotolog.status

import dev.rotolog.layout.LineEscaper
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/**
 * rotolog's own status channel: problems that a log call may not throw (I/O errors, drops, corrupt state) go here. Each
 * kind of problem is printed to stderr at most once per [intervalNanos], with the number of repeats that were held
 * back, and every report is counted.
 *
 * A status line is one line whatever it carries: paths, logger names and exception messages come from outside, so the
 * text after `rotolog: ` is escaped like a log field ([LineEscaper]: CR, LF, ESC and the other controls cannot end the
 * line or steer a terminal), and the message and the cause's message are each cut to [MAX_TEXT_CHARS]. Reporting never
 * throws, whatever the cause's `getMessage()` or `toString()` do or however little memory is left: a report that cannot
 * be printed is still counted.
 */
internal class StatusReporter(
    private val intervalNanos: Long = 10_000_000_000L,
    private val nanoTime: () -> Long = System::nanoTime,
    @Volatile var sink: (String) -> Unit = { line -> System.err.println(line) },
) {
    private class Slot(val lastPrinted: Long, val suppressed: Long)

    private val slots = ConcurrentHashMap<String, Slot>()
    private val reportCount = AtomicLong()

    val reports: Long
        get() = reportCount.get()

    /** Reports a problem of kind [key]; repeated kinds within the interval are counted, not printed. */
    fun report(key: String, message: String, cause: Throwable? = null) {
        report(key, { message }, cause)
    }

    /** Like the other [report]; [message] is built only when the line is printed, and may throw. */
    fun report(key: String, message: () -> String, cause: Throwable? = null) {
        reportCount.incrementAndGet()
        try {
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
            val repeats = if (printSuppressed > 0) " ($printSuppressed similar reports held back)" else ""
            print(cutToLimit(textOf(message)) + causeText(cause) + repeats)
        } catch (_: Throwable) {
            // Out of memory, a clock that throws: the report is counted, and the writer must go on.
        }
    }

    /**
     * Prints [message] now, whatever was printed before: for the few lines that must never be held back, such as the
     * count of records a target lost, printed once at close. Escaped and counted like [report]; never throws.
     */
    fun reportAlways(message: String) {
        reportCount.incrementAndGet()
        try {
            print(cutToLimit(message))
        } catch (_: Throwable) {
            // As in report: counted, never thrown.
        }
    }

    private fun print(text: String) {
        val escaped = LineEscaper.escape(text)
        try {
            sink("rotolog: $escaped")
        } catch (_: Throwable) {
            // The status channel itself must never throw into the writer.
        }
    }

    private fun textOf(message: () -> String): String =
        try {
            message()
        } catch (failure: Throwable) {
            "(the text of this report failed: ${failure.javaClass.name})"
        }

    /** `: class: message` of [cause]; its message is asked for in a try, since a hostile one throws. */
    private fun causeText(cause: Throwable?): String {
        if (cause == null) return ""
        val name = cause.javaClass.name
        val message =
            try {
                cause.message
            } catch (failure: Throwable) {
                "(getMessage() failed: ${failure.javaClass.name})"
            }
        return ": $name: ${message?.let(::cutToLimit)}"
    }

    private fun cutToLimit(text: String): String {
        if (text.length <= MAX_TEXT_CHARS) return text
        val end = if (Character.isHighSurrogate(text[MAX_TEXT_CHARS - 1])) MAX_TEXT_CHARS - 1 else MAX_TEXT_CHARS
        return text.substring(0, end) + "... (cut, ${text.length} chars)"
    }

    companion object {
        /** The longest message, and the longest message of a cause, before escaping; more is cut. */
        const val MAX_TEXT_CHARS = 4000

        /** The reporter used by every owner in this JVM. */
        val global: StatusReporter = StatusReporter()
    }
}
