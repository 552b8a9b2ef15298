package dev.rotolog.testkit

import java.io.InputStream
import java.nio.file.Files
import java.nio.file.Path
import java.util.BitSet
import java.util.zip.GZIPInputStream

/** What one process was asked to log: [threads] threads, each records 0 until [recordsPerThread]. */
class ProcessExpectation(
    val process: Int,
    val threads: Int,
    val recordsPerThread: Int,
    /**
     * A killed process owes no complete set: each of its threads must have written a gapless prefix 0..k-1 (k may be
     * 0), each record exactly once. Use [Int.MAX_VALUE] records for a child that logs until it is killed.
     */
    val killed: Boolean = false,
    /**
     * Retention may have deleted the oldest archives: each thread's records must be a gapless run that ends at its last
     * record (possibly empty), each record exactly once. With [killed] too, any gapless run.
     */
    val pruned: Boolean = false,
) {
    init {
        require(process >= 0 && threads > 0 && recordsPerThread >= 0) { "bad expectation P$process x $threads" }
    }
}

/** The tally of one thread of one process. */
class ThreadTally(
    val process: Int,
    val thread: Int,
    val killed: Boolean,
    val pruned: Boolean,
    /** Distinct records of this thread found, whole or inside a torn line. */
    val found: Int,
    /**
     * How many records the thread must have: all of them; for a killed process the prefix up to the highest seq found;
     * for a pruned one the run from the lowest seq found.
     */
    val expected: Int,
    val lost: Int,
    val duplicated: Int,
    val outOfOrder: Int,
    /** The first missing sequence number, or -1. */
    val firstMissing: Int,
    /** How many separate runs of consecutive sequence numbers are missing (two gaps are two runs). */
    val missingRuns: Int = 0,
    /** The first 100 of those runs, as ranges of sequence numbers. */
    val gaps: List<IntRange> = emptyList(),
)

/**
 * The verdict of [RecordChecker] on a set of files.
 * - [lost]: expected records with no trace in any file (for a killed process: holes in its prefix).
 * - [duplicated]: further occurrences of a record already seen.
 * - [torn]: lines that are not exactly one whole record (cut short, glued to another, garbled, empty, or a last line
 *   without its newline). Records whose marker is still readable inside a torn line count as found, so one tear is
 *   reported once, as a tear, not also as a loss.
 * - [outOfOrder]: first occurrences whose seq is below a seq already seen for the same thread, in file order.
 * - [unexpected]: whole, well-formed records that no expectation asked for (an unknown process or thread, or a seq past
 *   the end).
 * - [nulBytes]: NUL bytes anywhere (a record never contains one raw: the layout escapes it; a hole of NULs is what a
 *   positional write after someone else's truncate leaves). A line holding one is also torn.
 * - [tornAtEnd]: the torn lines that are a file's unterminated last line (a copy taken while a record was being written
 *   ends so); they are included in [torn].
 * - [notices]: lines of rotolog's own (drop notices) that the checker was told to expect; [noticeTexts] holds them.
 */
class CheckResult(
    val files: Int,
    val bytes: Long,
    val lines: Long,
    /** Lines that are exactly one expected record. */
    val intact: Long,
    val lost: Long,
    val duplicated: Long,
    val torn: Long,
    val outOfOrder: Long,
    val unexpected: Long,
    val threads: List<ThreadTally>,
    /** The first few problems, each naming the file and line, for a failure message. */
    val problems: List<String>,
    val nulBytes: Long = 0,
    val tornAtEnd: Long = 0,
    val notices: Long = 0,
    val noticeTexts: List<String> = emptyList(),
) {
    val isClean: Boolean
        get() = lost == 0L && duplicated == 0L && torn == 0L && outOfOrder == 0L && unexpected == 0L && nulBytes == 0L

    /** One line for a build log: what was checked and every fault count. */
    val summary: String
        get() = buildString {
            append(intact).append(" records checked in ").append(files).append(if (files == 1) " file" else " files")
            append(" (").append(String.format("%.1f", bytes / 1e6)).append(" MB, ").append(lines).append(" lines): ")
            append("lost ").append(lost).append(", duplicated ").append(duplicated)
            append(", torn ").append(torn).append(", out of order ").append(outOfOrder)
            append(", unexpected ").append(unexpected)
            if (nulBytes > 0) append(", NUL bytes ").append(nulBytes)
            if (notices > 0) append(", rotolog notices ").append(notices)
            for ((process, tallies) in threads.filter { it.killed }.groupBy { it.process }) {
                append("; killed P").append(process).append(" left ")
                append(tallies.joinToString(" + ") { "T${it.thread}:${it.expected}" })
                append(
                    if (tallies.all { it.lost == 0 && it.duplicated == 0 }) " records, gapless"
                    else " records, NOT gapless"
                )
            }
            append(if (isClean) " — clean" else " — FAULTY")
        }

    /** [summary] followed by the listed problems, for assertion messages. */
    val details: String
        get() = (listOf(summary) + problems).joinToString("\n  ")

    override fun toString(): String = summary
}

/**
 * Verifies test records in log files against [expectations]: every line must be exactly one record whose text equals
 * what [RecordFormat.expectedText] regenerates for its (process, thread, seq), after a prefix that matches
 * [linePrefix]; every expected record must occur exactly once, in increasing seq order per thread.
 *
 * Files are read in the order given (a rotated set oldest first), byte by byte, splitting at LF only, so a CR or a torn
 * multibyte character inside a line is seen for what it is. A file whose name ends in `.gz` is read through gzip; one
 * that is cut short or corrupt makes [check] throw (a `ZipException` or `EOFException`).
 *
 * With [noticeLine], whole lines that match it and carry no record marker are counted as [CheckResult.notices]
 * (rotolog's own lines, e.g. [RecordFormat.NOTICE]) instead of torn lines.
 */
class RecordChecker(
    expectations: List<ProcessExpectation>,
    private val linePrefix: Regex = RecordFormat.PREFIX,
    private val noticeLine: Regex? = null,
) {
    private class Tally(val expectation: ProcessExpectation, val thread: Int) {
        val seen = BitSet()
        var maxSeq = -1
        var duplicated = 0
        var outOfOrder = 0
    }

    private val expectations = expectations.toList()
    private val tallies = HashMap<Long, Tally>()

    init {
        require(this.expectations.map { it.process }.toSet().size == this.expectations.size) {
            "each process may be expected once"
        }
    }

    private var lines = 0L
    private var bytes = 0L
    private var intact = 0L
    private var torn = 0L
    private var unexpected = 0L
    private var nulBytes = 0L
    private var tornAtEnd = 0L
    private val noticeTexts = ArrayList<String>()
    private val problems = ArrayList<String>()

    /** Reads every line of [files] in order. A checker checks once; make a new one for another run. */
    fun check(files: List<Path>): CheckResult {
        check(lines == 0L && tallies.isEmpty()) { "a RecordChecker checks one set of files once" }
        for (e in expectations) for (t in 0 until e.threads) tallies[key(e.process, t)] = Tally(e, t)
        for (file in files) {
            val stream = Files.newInputStream(file)
            val decoded = if (file.fileName.toString().endsWith(".gz")) GZIPInputStream(stream, 1 shl 16) else stream
            decoded.use { input ->
                var lineNo = 0L
                forEachLine(input) { line, length, terminated ->
                    lineNo++
                    lines++
                    bytes += length + if (terminated) 1 else 0
                    for (i in 0 until length) if (line[i] == NUL) nulBytes++
                    inspect(file, lineNo, String(line, 0, length, Charsets.UTF_8), terminated)
                }
            }
        }
        return result(files.size)
    }

    private fun inspect(file: Path, lineNo: Long, text: String, terminated: Boolean) {
        val markers = RecordFormat.findMarkers(text)
        if (markers.isEmpty() && terminated && noticeLine?.matches(text) == true) {
            noticeTexts += text
            return
        }
        if (!terminated) tornAtEnd++ // the line is torn whatever it holds; this counts where
        if (markers.size == 1 && terminated) {
            val m = markers[0]
            val expected = RecordFormat.expectedText(m.process, m.thread, m.seq)
            val whole =
                text.length - m.start == expected.length &&
                    text.regionMatches(m.start, expected, 0, expected.length) &&
                    linePrefix.matches(text.subSequence(0, m.start))
            val tally = tallyFor(m)
            when {
                whole && tally != null -> {
                    intact++
                    occurrence(tally, m.seq, file, lineNo)
                }
                whole -> {
                    unexpected++
                    problem(file, lineNo, "unexpected record P${m.process} T${m.thread} S${m.seq}", text)
                }
                else -> {
                    torn++
                    problem(file, lineNo, "torn line: text differs from the record it names", text)
                    tally?.let { occurrence(it, m.seq, file, lineNo) }
                }
            }
            return
        }
        torn++
        val why =
            when {
                !terminated -> "torn line: no newline at the end of the file"
                markers.isEmpty() -> "torn line: no record marker"
                else -> "torn line: ${markers.size} records glued together"
            }
        problem(file, lineNo, why, text)
        for (m in markers) tallyFor(m)?.let { occurrence(it, m.seq, file, lineNo) }
    }

    private fun tallyFor(m: RecordFormat.Marker): Tally? =
        tallies[key(m.process, m.thread)]?.takeIf { m.seq < it.expectation.recordsPerThread }

    private fun occurrence(tally: Tally, seq: Int, file: Path, lineNo: Long) {
        val name = "P${tally.expectation.process} T${tally.thread} S$seq"
        if (tally.seen[seq]) {
            tally.duplicated++
            problem(file, lineNo, "duplicate of $name", null)
            return
        }
        tally.seen.set(seq)
        if (seq < tally.maxSeq) {
            tally.outOfOrder++
            problem(file, lineNo, "$name after S${tally.maxSeq} (out of order)", null)
        }
        if (seq > tally.maxSeq) tally.maxSeq = seq
    }

    private fun problem(file: Path, lineNo: Long, what: String, text: String?) {
        if (problems.size >= MAX_PROBLEMS) return
        val shown = text?.let { if (it.length > PREVIEW) ": " + it.take(PREVIEW) + "…" else ": $it" } ?: ""
        problems += "${file.fileName}:$lineNo: $what$shown"
    }

    private fun result(files: Int): CheckResult {
        val threadTallies =
            tallies.values.sortedWith(compareBy({ it.expectation.process }, { it.thread })).map { t ->
                val e = t.expectation
                val end = if (e.killed) t.maxSeq + 1 else e.recordsPerThread
                val found = t.seen.cardinality()
                val first = if (e.pruned) (if (found > 0) t.seen.nextSetBit(0) else end) else 0
                val expected = end - first
                val lost = expected - found
                val firstMissing = t.seen.nextClearBit(first).takeIf { it < end } ?: -1
                var missingRuns = 0
                val gaps = ArrayList<IntRange>()
                var gap = firstMissing
                while (gap in 0 until end) {
                    missingRuns++
                    val resumed = t.seen.nextSetBit(gap).let { if (it < 0 || it > end) end else it }
                    if (gaps.size < MAX_GAPS) gaps += gap until resumed
                    gap = if (resumed >= end) -1 else t.seen.nextClearBit(resumed).takeIf { it < end } ?: -1
                }
                if (lost > 0) {
                    problems +=
                        "P${e.process} T${t.thread}: $lost of $expected records missing, the first is S$firstMissing"
                }
                ThreadTally(
                    e.process,
                    t.thread,
                    e.killed,
                    e.pruned,
                    found,
                    expected,
                    lost,
                    t.duplicated,
                    t.outOfOrder,
                    firstMissing,
                    missingRuns,
                    gaps,
                )
            }
        return CheckResult(
            files = files,
            bytes = bytes,
            lines = lines,
            intact = intact,
            lost = threadTallies.sumOf { it.lost.toLong() },
            duplicated = threadTallies.sumOf { it.duplicated.toLong() },
            torn = torn,
            outOfOrder = threadTallies.sumOf { it.outOfOrder.toLong() },
            unexpected = unexpected,
            threads = threadTallies,
            problems = problems.toList(),
            nulBytes = nulBytes,
            tornAtEnd = tornAtEnd,
            notices = noticeTexts.size.toLong(),
            noticeTexts = noticeTexts.toList(),
        )
    }

    private companion object {
        const val MAX_PROBLEMS = 20
        const val PREVIEW = 120
        const val MAX_GAPS = 100

        fun key(process: Int, thread: Int): Long = (process.toLong() shl 32) or thread.toLong()

        /** Calls [action] with each line's bytes (without the LF) and whether an LF ended it. */
        inline fun forEachLine(input: InputStream, action: (ByteArray, Int, Boolean) -> Unit) {
            val chunk = ByteArray(1 shl 20)
            var line = ByteArray(1 shl 16)
            var length = 0
            while (true) {
                val n = input.read(chunk)
                if (n < 0) break
                var from = 0
                while (from < n) {
                    var lf = from
                    while (lf < n && chunk[lf] != LF) lf++
                    val piece = lf - from
                    if (length + piece > line.size) line = line.copyOf(maxOf(line.size * 2, length + piece))
                    System.arraycopy(chunk, from, line, length, piece)
                    length += piece
                    if (lf < n) {
                        action(line, length, true)
                        length = 0
                    }
                    from = lf + 1
                }
            }
            if (length > 0) action(line, length, false)
        }

        const val LF: Byte = '\n'.code.toByte()
        const val NUL: Byte = 0
    }
}
