package dev.rotolog.testkit

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPOutputStream

private const val PROCESSES = 2
private const val THREADS = 2
private const val RECORDS = 20

/** The five fault counts in one comparable value, so a failure shows all of them. */
private data class Faults(
    val lost: Long = 0,
    val duplicated: Long = 0,
    val torn: Long = 0,
    val outOfOrder: Long = 0,
    val unexpected: Long = 0,
)

private fun CheckResult.faults() = Faults(lost, duplicated, torn, outOfOrder, unexpected)

class RecordCheckerTest :
    FunSpec({
        val dir = tempdir().toPath()
        val complete = (0 until PROCESSES).map { ProcessExpectation(it, THREADS, RECORDS) }

        // A clean file written by rotolog itself with the test layout, records of all threads interleaved.
        val cleanFile = dir.resolve("clean.log")
        rotolog {
                shutdownHook = false
                file(cleanFile) { layout = PatternLayout(RecordFormat.PATTERN) }
            }
            .use { logging ->
                for (s in 0 until RECORDS) for (p in 0 until PROCESSES) for (t in 0 until THREADS) {
                    val message = RecordFormat.message(p, t, s)
                    logging
                        .logger("p$p")
                        .log(LogRecord(System.currentTimeMillis(), Level.INFO, "p$p", message, threadName = "w$t"))
                }
            }
        val cleanLines: List<ByteArray> = splitLines(Files.readAllBytes(cleanFile))

        fun lineOf(p: Int, t: Int, s: Int): Int =
            cleanLines
                .indexOfFirst { line ->
                    RecordFormat.findMarkers(String(line, Charsets.UTF_8)).any {
                        it.process == p && it.thread == t && it.seq == s
                    }
                }
                .also { check(it >= 0) { "no line for P$p T$t S$s" } }

        var planted = 0
        fun plant(lastLineTerminated: Boolean = true, edit: MutableList<ByteArray>.() -> Unit): Path {
            val lines = cleanLines.toMutableList().apply(edit)
            val out = ByteArrayOutputStream()
            lines.forEachIndexed { i, line ->
                out.write(line)
                if (i < lines.lastIndex || lastLineTerminated) out.write('\n'.code)
            }
            return dir.resolve("planted-${planted++}.log").also { Files.write(it, out.toByteArray()) }
        }

        fun check(file: Path, expectations: List<ProcessExpectation> = complete): CheckResult =
            RecordChecker(expectations).check(listOf(file))

        fun CheckResult.shouldReport(faults: Faults) = withClue(details) { faults() shouldBe faults }

        test("a clean file written by rotolog reports every record whole and no fault") {
            cleanLines.size shouldBe PROCESSES * THREADS * RECORDS
            val result = check(cleanFile)
            result.shouldReport(Faults())
            result.intact shouldBe (PROCESSES * THREADS * RECORDS).toLong()
            result.isClean shouldBe true
            result.summary.endsWith("clean") shouldBe true
        }

        test("the same records split over two files in order are still clean") {
            val first = plant { subList(size / 2, size).clear() }
            val second = plant { subList(0, size / 2).clear() }
            RecordChecker(complete).check(listOf(first, second)).shouldReport(Faults())
        }

        test("a dropped line is reported as one lost record, naming it") {
            val result = check(plant { removeAt(lineOf(1, 0, 7)) })
            result.shouldReport(Faults(lost = 1))
            result.threads.single { it.process == 1 && it.thread == 0 }.firstMissing shouldBe 7
            result.isClean shouldBe false
        }

        test("a duplicated line is reported as one duplicate") {
            check(plant { add(this[lineOf(0, 1, 3)]) }).shouldReport(Faults(duplicated = 1))
        }

        test("a record cut short inside its payload at the end of the file is reported as one torn line") {
            val result = check(plant(lastLineTerminated = false) { this[lastIndex] = cutInsidePayload(last()) })
            result.shouldReport(Faults(torn = 1))
            result.problems.first() shouldContain "no newline at the end of the file"
        }

        test("a record cut before the end of its marker is torn, and the record it was is lost") {
            val result = check(plant(lastLineTerminated = false) { this[lastIndex] = last().copyOf(20) })
            result.shouldReport(Faults(torn = 1, lost = 1))
        }

        test("a complete last record without its newline is still a torn line") {
            check(plant(lastLineTerminated = false) {}).shouldReport(Faults(torn = 1))
        }

        test("a record cut mid-payload and glued to the next record is reported as one torn line") {
            // The 64 KiB record, cut inside its payload (possibly inside a multibyte character): a writer killed
            // mid-write followed by another writer that did not repair the tail.
            val i = lineOf(0, 0, 3)
            val result =
                check(
                    plant {
                        this[i] = cutInsidePayload(this[i]) + this[i + 1]
                        removeAt(i + 1)
                    }
                )
            result.shouldReport(Faults(torn = 1))
            result.problems.first() shouldContain "2 records glued"
        }

        test("two whole records on one line (a lost newline) are reported as one torn line") {
            val i = lineOf(1, 1, 10)
            check(
                    plant {
                        this[i] = this[i] + this[i + 1]
                        removeAt(i + 1)
                    }
                )
                .shouldReport(Faults(torn = 1))
        }

        test("a line whose text differs from its record by one character is torn") {
            val i = lineOf(0, 1, 5)
            check(
                    plant {
                        this[i] =
                            this[i].copyOf().also {
                                it[it.size - 1] =
                                    if (it.last() == 'x'.code.toByte()) 'y'.code.toByte() else 'x'.code.toByte()
                            }
                    }
                )
                .shouldReport(Faults(torn = 1))
        }

        test("an empty line and a line of garbage are each one torn line") {
            check(
                    plant {
                        add(5, ByteArray(0))
                        add(9, "no record here".toByteArray())
                    }
                )
                .shouldReport(Faults(torn = 2))
        }

        test("two records of one thread in swapped order are reported as one out-of-order record") {
            val a = lineOf(1, 1, 4)
            val b = lineOf(1, 1, 5)
            val result =
                check(
                    plant {
                        val x = this[a]
                        this[a] = this[b]
                        this[b] = x
                    }
                )
            result.shouldReport(Faults(outOfOrder = 1))
        }

        test("a record no process was asked for is reported as unexpected") {
            val stranger = "2026-01-01T00:00:00.000+00:00 INFO  [w0] p7 - " + RecordFormat.expectedText(7, 0, 0)
            check(plant { add(3, stranger.toByteArray()) }).shouldReport(Faults(unexpected = 1))
        }

        fun gzipped(file: Path): Path =
            file.resolveSibling("${file.fileName}.gz").also { gz ->
                GZIPOutputStream(Files.newOutputStream(gz)).use { it.write(Files.readAllBytes(file)) }
                Files.delete(file)
            }

        test("compressed archives (.gz) are read through gzip, in order with raw files") {
            val first = gzipped(plant { subList(size / 2, size).clear() })
            val second = plant { subList(0, size / 2).clear() }
            val result = RecordChecker(complete).check(listOf(first, second))
            result.shouldReport(Faults())
            result.intact shouldBe (PROCESSES * THREADS * RECORDS).toLong()
        }

        test("a line dropped inside a .gz is reported lost, and a .gz cut short makes the check fail") {
            check(gzipped(plant { removeAt(lineOf(0, 0, 2)) })).shouldReport(Faults(lost = 1))
            val cut = gzipped(plant {})
            Files.write(cut, Files.readAllBytes(cut).let { it.copyOf(it.size - 6) })
            shouldThrow<IOException> { check(cut) }
        }

        test("a hole of NUL bytes before a record is counted byte by byte, and its line is torn") {
            // What a positional write leaves after someone truncated the file under it (logrotate's copytruncate).
            val i = lineOf(0, 1, 6)
            val result = check(plant { this[i] = ByteArray(100) + this[i] })
            result.shouldReport(Faults(torn = 1))
            result.nulBytes shouldBe 100
            result.isClean shouldBe false
            result.summary shouldContain "NUL bytes 100"
            check(cleanFile).nulBytes shouldBe 0
        }

        test("only a file's unterminated last line is counted as torn at the end") {
            check(plant(lastLineTerminated = false) {}).let { it.torn to it.tornAtEnd } shouldBe (1L to 1L)
            val i = lineOf(1, 0, 9)
            check(plant { this[i] = cutInsidePayload(this[i]) }).let { it.torn to it.tornAtEnd } shouldBe (1L to 0L)
        }

        test("two separate gaps in one thread are two missing runs; three lost records in a row are one") {
            fun without(p: Int, t: Int, seqs: Set<Int>): MutableList<ByteArray>.() -> Unit = {
                val gone = seqs.map { cleanLines[lineOf(p, t, it)] }.toSet()
                removeAll { it in gone }
            }
            val result = check(plant(edit = without(0, 1, setOf(4, 10, 11, 12))))
            result.shouldReport(Faults(lost = 4))
            result.threads.single { it.process == 0 && it.thread == 1 }.missingRuns shouldBe 2
            result.threads.single { it.process == 0 && it.thread == 1 }.gaps shouldBe listOf(4..4, 10..12)
            result.threads.filterNot { it.process == 0 && it.thread == 1 }.map { it.missingRuns }.toSet() shouldBe
                setOf(0)
            val oneRun = check(plant(edit = without(1, 1, setOf(10, 11, 12))))
            oneRun.shouldReport(Faults(lost = 3))
            oneRun.threads.single { it.process == 1 && it.thread == 1 }.missingRuns shouldBe 1
            // A gap that runs to the end of a thread's records ends at its last record.
            val atEnd = check(plant(edit = without(1, 0, setOf(RECORDS - 2, RECORDS - 1))))
            atEnd.threads.single { it.process == 1 && it.thread == 0 }.gaps shouldBe listOf(RECORDS - 2 until RECORDS)
        }

        test("rotolog's own notice lines count as notices only when expected; cut short they are torn") {
            val notice =
                "2026-01-01T00:00:00.000+00:00 WARN  [rotolog-writer:app.log] rotolog - 5 records were dropped because the queue was full"
            val file = plant { add(7, notice.toByteArray()) }
            check(file).shouldReport(Faults(torn = 1))
            val expected = RecordChecker(complete, noticeLine = RecordFormat.NOTICE).check(listOf(file))
            expected.shouldReport(Faults())
            expected.noticeTexts shouldBe listOf(notice)
            val cut = plant { add(7, notice.take(40).toByteArray()) }
            RecordChecker(complete, noticeLine = RecordFormat.NOTICE).check(listOf(cut)).shouldReport(Faults(torn = 1))
            // A record's own line is never taken for a notice, even with the notice pattern given.
            val glued = plant {
                val i = lineOf(0, 0, 2)
                this[i] = notice.toByteArray() + this[i]
            }
            RecordChecker(complete, noticeLine = RecordFormat.NOTICE)
                .check(listOf(glued))
                .shouldReport(Faults(torn = 1))
        }

        context("a pruned process (retention deleted its oldest archives)") {
            val pruned =
                listOf(ProcessExpectation(0, THREADS, RECORDS), ProcessExpectation(1, THREADS, RECORDS, pruned = true))
            fun removeP1(predicate: (thread: Int, seq: Int) -> Boolean): MutableList<ByteArray>.() -> Unit = {
                removeAll { line ->
                    RecordFormat.findMarkers(String(line, Charsets.UTF_8)).single().let {
                        it.process == 1 && predicate(it.thread, it.seq)
                    }
                }
            }

            test("whose threads kept gapless runs up to their last record is clean, also when one kept nothing") {
                val result = check(plant(edit = removeP1 { t, s -> t == 0 && s < 8 || t == 1 }), pruned)
                result.shouldReport(Faults())
                result.threads.filter { it.process == 1 }.map { it.expected } shouldBe listOf(RECORDS - 8, 0)
            }

            test("with a gap in the run, or without its last record, is reported lost") {
                check(plant(edit = removeP1 { t, s -> t == 0 && (s < 8 || s == 12) }), pruned)
                    .shouldReport(Faults(lost = 1))
                check(plant(edit = removeP1 { t, s -> t == 0 && (s < 8 || s == RECORDS - 1) }), pruned)
                    .shouldReport(Faults(lost = 1))
            }

            test("with its oldest records kept but newer ones deleted is reported lost") {
                check(plant(edit = removeP1 { t, s -> t == 1 && s in 3 until 10 }), pruned)
                    .shouldReport(Faults(lost = 7))
            }
        }

        context("a killed process") {
            val killed =
                listOf(
                    ProcessExpectation(0, THREADS, RECORDS),
                    ProcessExpectation(1, THREADS, LoggingChildOptions.UNTIL_KILLED, killed = true),
                )
            fun killedAfter(keep: Int): MutableList<ByteArray>.() -> Unit = {
                removeAll { line ->
                    RecordFormat.findMarkers(String(line, Charsets.UTF_8)).single().let {
                        it.process == 1 && it.thread == 0 && it.seq >= keep
                    }
                }
            }

            test("whose threads left gapless prefixes is clean, and the summary says how much it left") {
                val result = check(plant(edit = killedAfter(12)), killed)
                result.shouldReport(Faults())
                result.threads.filter { it.process == 1 }.map { it.expected } shouldBe listOf(12, RECORDS)
                result.summary shouldContain "killed P1 left T0:12 + T1:$RECORDS records, gapless"
            }

            test("that left nothing at all is clean") {
                val result = check(plant { removeAll { String(it, Charsets.UTF_8).contains(" - P1 ") } }, killed)
                result.shouldReport(Faults())
                result.threads.filter { it.process == 1 }.map { it.expected } shouldBe listOf(0, 0)
            }

            test("with a gap in a prefix is reported as one lost record") {
                val result =
                    check(
                        plant {
                            killedAfter(12)(this)
                            removeAt(lineOf(1, 0, 6))
                        },
                        killed,
                    )
                result.shouldReport(Faults(lost = 1))
                result.threads.single { it.process == 1 && it.thread == 0 }.firstMissing shouldBe 6
                result.summary shouldContain "NOT gapless"
            }
        }
    })

private infix fun String.shouldContain(part: String) =
    withClue("\"$this\" should contain \"$part\"") { contains(part) shouldBe true }

/** The line cut somewhere inside its payload: the marker stays readable, the record is incomplete. */
private fun cutInsidePayload(line: ByteArray): ByteArray {
    // The prefix and the marker are ASCII, so their character positions are byte positions.
    val payloadStart = RecordFormat.findMarkers(String(line, Charsets.UTF_8)).single().end
    return line.copyOf(payloadStart + (line.size - payloadStart) / 2)
}

private fun splitLines(bytes: ByteArray): List<ByteArray> {
    val lines = ArrayList<ByteArray>()
    var from = 0
    for (i in bytes.indices) {
        if (bytes[i] == '\n'.code.toByte()) {
            lines += bytes.copyOfRange(from, i)
            from = i + 1
        }
    }
    check(from == bytes.size) { "the clean file must end with a newline" }
    return lines
}
