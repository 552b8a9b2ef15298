package dev.rotolog.writer

import dev.rotolog.OverflowPolicy
import dev.rotolog.info
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import kotlin.time.Duration.Companion.seconds

class WriteFailureTest :
    FunSpec({
        test(
            "a failing disk (short writes, then errors) leaves no torn or doubled line, resumes by itself, and drops are counted exactly"
        ) {
            val file = tempLogFile("rotolog-faulty")
            val io = FaultyFileIo()
            val logging =
                startWith(
                    messageOnlyConfig(file) {
                        overflow = OverflowPolicy.DROP
                        queueCapacity = 100
                        maxBatchRecords = 16
                    },
                    io,
                )
            val log = logging.logger("faulty")
            val total = 5_000

            repeat(500) { log.info { testLine("A", it) } }
            logging.flush() shouldBe true
            io.full.set(true)
            for (seq in 500 until total) log.info { testLine("A", seq) }
            eventually(10.seconds) { logging.stats().single().errors shouldBeGreaterThan 0 }
            io.full.set(false)
            logging.flush() shouldBe true
            logging.close()

            val stats = logging.stats().single()
            val lines = Files.readAllLines(file)
            val notices = lines.filter { it.contains("records were dropped because the queue") }
            val records = lines.filter { !it.contains("records were dropped because the queue") }
            val parsed = records.map { parseTestLine(it) }
            parsed.filter { it == null }.shouldBeEmpty() // no torn line
            val seqs = parsed.map { it!!.second }
            seqs.size shouldBe seqs.toSet().size // no duplicate
            seqs shouldBe seqs.sorted() // in order
            val missing = (0 until total).toSet() - seqs.toSet()
            stats.dropped shouldBe missing.size.toLong()
            stats.dropped shouldBeGreaterThan 0
            stats.accepted shouldBe stats.written
            stats.accepted + stats.dropped shouldBe total.toLong()
            notices.sumOf { it.substringBefore(" records were dropped").toLong() } shouldBe stats.dropped
            stats.lost shouldBe 0
        }

        test("the caller threads never touch the file; only the writer thread does") {
            val file = tempLogFile("rotolog-threads")
            val io = FaultyFileIo()
            val logging = startWith(messageOnlyConfig(file), io)
            val log = logging.logger("threads")
            val callers = (1..4).map { t -> Thread({ repeat(1000) { log.info { testLine("T$t", it) } } }, "caller-$t") }
            callers.forEach(Thread::start)
            callers.forEach(Thread::join)
            logging.close()
            io.threads.shouldNotBeEmpty()
            io.threads.filterNot { it.startsWith("rotolog-writer:app.log") }.shouldBeEmpty()
            Files.readAllLines(file).size shouldBe 4000
        }
    })
