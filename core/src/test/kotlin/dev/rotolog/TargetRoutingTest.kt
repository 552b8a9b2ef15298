package dev.rotolog

import dev.rotolog.layout.PatternLayout
import dev.rotolog.writer.tempLogFile
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

class TargetRoutingTest :
    FunSpec({
        /** Starts [config] with its console targets writing into [console] instead of the real stream. */
        fun startWithConsole(config: RotologConfig, console: ByteArrayOutputStream): Rotolog {
            val sink = PrintStream(console, true, Charsets.UTF_8)
            return Rotolog.start(
                RotologConfig(
                    config.rootLevel,
                    config.loggerLevels,
                    config.files,
                    config.clock,
                    config.shutdownHook,
                    config.consoles.map { it.withSink(sink) },
                    config.processKey,
                )
            )
        }

        test("records go to the targets that take their logger, at the targets' levels") {
            val dir = tempLogFile("rotolog-routes").parent
            val console = ByteArrayOutputStream()
            val logging =
                startWithConsole(
                    rotologConfig {
                        shutdownHook = false
                        level = Level.DEBUG
                        file(dir.resolve("audit.log")) {
                            layout = PatternLayout("%logger %msg%n")
                            loggers("com.example.audit")
                        }
                        file(dir.resolve("main.log")) {
                            layout = PatternLayout("%logger %msg%n")
                            excludeLoggers("com.example.audit")
                        }
                        console {
                            layout = pattern("%level %msg%n", perLevel = mapOf(Level.ERROR to "!! %level %msg%n"))
                            level = Level.WARN
                        }
                    },
                    console,
                )
            logging.logger("com.example.audit.Login").info { "alice logged in" }
            logging.logger("com.example.Api").debug { "request" }
            logging.logger("com.example.Api").warn { "slow" }
            logging.logger("com.example.audit").error { "denied" }
            logging.close()
            Files.readAllLines(dir.resolve("audit.log")) shouldBe
                listOf("com.example.audit.Login alice logged in", "com.example.audit denied")
            Files.readAllLines(dir.resolve("main.log")) shouldBe
                listOf("com.example.Api request", "com.example.Api slow")
            console.toString(Charsets.UTF_8).lines() shouldBe listOf("WARN slow", "!! ERROR denied", "")
            logging.stats().map { it.written } shouldBe listOf(2L, 2L, 2L)
        }

        test("a logger no target takes is disabled at every level and builds no record") {
            val dir = tempLogFile("rotolog-unrouted").parent
            val logging =
                Rotolog.start(
                    rotologConfig {
                        shutdownHook = false
                        level = Level.TRACE
                        file(dir.resolve("only.log")) { loggers("com.example") }
                    }
                )
            var evaluated = false
            val other = logging.logger("org.other")
            other.isEnabled(Level.ERROR) shouldBe false
            other.error {
                evaluated = true
                "never"
            }
            evaluated shouldBe false
            logging.close()
        }

        test("a console target writes whole records, also when the caller's queue overflows under DROP") {
            val console = ByteArrayOutputStream()
            val logging =
                startWithConsole(
                    rotologConfig {
                        shutdownHook = false
                        console {
                            layout = pattern("%msg%n")
                            overflow = OverflowPolicy.DROP
                            queueCapacity = 16
                        }
                    },
                    console,
                )
            val log = logging.logger("c")
            val threads = (0 until 4).map { t -> Thread { repeat(2_000) { log.info { "t$t-$it " + "x".repeat(50) } } } }
            threads.forEach { it.start() }
            threads.forEach { it.join() }
            logging.close()
            val stats = logging.stats().single()
            val lines = console.toString(Charsets.UTF_8).lines().dropLast(1)
            val records = lines.filter { !it.contains("records were dropped") }
            records.forEach { it.matches(Regex("t[0-3]-\\d+ x{50}")) shouldBe true }
            records.size.toLong() shouldBe stats.written
            (stats.written + stats.dropped) shouldBe 8_000L
            val reported =
                lines.filter { it.contains("records were dropped") }.sumOf { it.substringBefore(" records").toLong() }
            reported shouldBe stats.dropped
        }
    })
