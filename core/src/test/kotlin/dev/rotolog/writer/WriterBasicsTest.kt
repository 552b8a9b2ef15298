package dev.rotolog.writer

import dev.rotolog.info
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files

class WriterBasicsTest : FunSpec({
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
