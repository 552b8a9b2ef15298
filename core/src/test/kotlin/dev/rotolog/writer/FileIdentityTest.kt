package dev.rotolog.writer

import dev.rotolog.info
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.StandardOpenOption

class FileIdentityTest :
    FunSpec({
        test("a torn tail left by a crashed writer is cut off, not glued to the next record") {
            val file = tempLogFile("rotolog-torn")
            Files.writeString(file, "whole S1 x\nhalf of a rec")
            val logging = startWith(messageOnlyConfig(file))
            logging.logger("torn").info { testLine("new", 1, 1) }
            logging.close()
            Files.readAllLines(file) shouldBe listOf("whole S1 x", "new S1 x")
            logging.stats().single().tornTailsRepaired shouldBe 1
        }

        test("a file that is one torn record with no newline at all is cut to empty") {
            val file = tempLogFile("rotolog-torn-all")
            Files.writeString(file, "x".repeat(200_000))
            val logging = startWith(messageOnlyConfig(file))
            logging.logger("torn").info { testLine("new", 1, 1) }
            logging.close()
            Files.readAllLines(file) shouldBe listOf("new S1 x")
        }

        test(
            "after an external mv (logrotate create mode) the writer reopens the path and the old file keeps its records"
        ) {
            val file = tempLogFile("rotolog-mv")
            val moved = file.resolveSibling("app.log.1")
            val logging = startWith(messageOnlyConfig(file))
            val log = logging.logger("mv")
            log.info { testLine("before", 1) }
            logging.flush() shouldBe true
            Files.move(file, moved)
            log.info { testLine("after", 2) }
            logging.close()
            Files.readAllLines(moved).map { parseTestLine(it) } shouldBe listOf("before" to 1)
            Files.readAllLines(file).map { parseTestLine(it) } shouldBe listOf("after" to 2)
        }

        test("after an external rm the writer creates the file again") {
            val file = tempLogFile("rotolog-rm")
            val logging = startWith(messageOnlyConfig(file))
            val log = logging.logger("rm")
            log.info { testLine("before", 1) }
            logging.flush() shouldBe true
            Files.delete(file)
            log.info { testLine("after", 2) }
            logging.close()
            Files.readAllLines(file).map { parseTestLine(it) } shouldBe listOf("after" to 2)
        }

        test("after an external copytruncate the writer appends at the new end, not at its old offset") {
            val file = tempLogFile("rotolog-copytruncate")
            val logging = startWith(messageOnlyConfig(file))
            val log = logging.logger("ct")
            repeat(100) { log.info { testLine("before", it) } }
            logging.flush() shouldBe true
            Files.copy(file, file.resolveSibling("app.log.1"))
            Files.newByteChannel(file, StandardOpenOption.WRITE).use { it.truncate(0) }
            log.info { testLine("after", 1) }
            logging.close()
            Files.readAllLines(file) shouldBe listOf(testLine("after", 1))
            Files.readAllLines(file.resolveSibling("app.log.1")).size shouldBe 100
        }
    })
