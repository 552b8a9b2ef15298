package dev.rotolog

import dev.rotolog.internal.LevelTable
import dev.rotolog.writer.messageOnlyConfig
import dev.rotolog.writer.startWith
import dev.rotolog.writer.tempLogFile
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import java.nio.file.Files

class LoggerTest :
    FunSpec({
        test("a disabled level never runs the message lambda") {
            val logging = startWith(messageOnlyConfig(tempLogFile("rotolog-levels")))
            var evaluated = false
            logging.logger("x").debug {
                evaluated = true
                "never"
            }
            evaluated.shouldBeFalse()
            logging.close()
        }

        test("a message lambda that throws becomes a text saying so, not an exception") {
            val file = tempLogFile("rotolog-throwing")
            val logging = startWith(messageOnlyConfig(file))
            logging.logger("x").info { error("bad toString") }
            logging.close()
            Files.readAllLines(file) shouldBe
                listOf("<log message failed: java.lang.IllegalStateException: bad toString>")
        }

        test("null and non-string messages are rendered with toString") {
            val file = tempLogFile("rotolog-null")
            val logging = startWith(messageOnlyConfig(file))
            logging.logger("x").info { null }
            logging.logger("x").info { 42 }
            logging.close()
            Files.readAllLines(file) shouldBe listOf("null", "42")
        }

        withTests(
            nameFn = { "logger ${it.first} gets ${it.second}" },
            "com.example.db.Pool" to Level.DEBUG,
            "com.example.db" to Level.DEBUG,
            "com.example.dbx" to Level.WARN,
            "com.example.db.audit.Log" to Level.ERROR,
            "com.example" to Level.WARN,
            "org.other" to Level.INFO,
        ) { (name, expected) ->
            val table =
                LevelTable(
                    Level.INFO,
                    mapOf(
                        "com.example" to Level.WARN,
                        "com.example.db" to Level.DEBUG,
                        "com.example.db.audit" to Level.ERROR,
                    ),
                )
            table.levelOf(name) shouldBe expected
        }

        test("OFF accepts nothing and no record is ever at OFF") {
            Level.OFF.accepts(Level.ERROR).shouldBeFalse()
            Level.TRACE.accepts(Level.OFF).shouldBeFalse()
            Level.WARN.accepts(Level.ERROR).shouldBeTrue()
            Level.WARN.accepts(Level.INFO).shouldBeFalse()
        }
    })
