package dev.rotolog.writer

import dev.rotolog.info
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files

class WriterBasicsTest :
    FunSpec({
        test("records logged before close are all in the file, one line each, in order") {
            val dir = Files.createTempDirectory("rotolog-basics")
            val file = dir.resolve("app.log")
            val logging = rotolog {
                shutdownHook = false
                file(file) { layout = PatternLayout("%msg%n") }
            }
            val log = logging.logger("basics")
            repeat(1000) { i -> log.info { "line $i\nwith break" } }
            logging.close()
            val lines = Files.readAllLines(file)
            lines.size shouldBe 1000
            lines.forEachIndexed { i, line -> line shouldBe "line $i\\nwith break" }
            logging.stats().single().written shouldBe 1000
        }
    })

class CloseDrainTest :
    FunSpec({
        test("records logged from many threads just before close() are all on disk") {
            val file = tempLogFile("rotolog-close")
            val logging = startWith(messageOnlyConfig(file))
            val threads =
                (1..4).map { t ->
                    Thread {
                        val log = logging.logger("c")
                        repeat(25_000) { log.info { testLine("T$t", it) } }
                    }
                }
            threads.forEach(Thread::start)
            threads.forEach(Thread::join)
            logging.close()
            val counts = Files.readAllLines(file).mapNotNull { parseTestLine(it) }.groupingBy { it.first }.eachCount()
            counts shouldBe (1..4).associate { "T$it" to 25_000 }
        }

        test("a record logged after close is counted, not written, and does not throw") {
            val file = tempLogFile("rotolog-after-close")
            val logging = startWith(messageOnlyConfig(file))
            val log = logging.logger("c")
            log.info { "before" }
            logging.close()
            log.info { "after" }
            Files.readAllLines(file) shouldBe listOf("before")
            logging.stats().single().rejectedAfterClose shouldBe 1
        }
    })
