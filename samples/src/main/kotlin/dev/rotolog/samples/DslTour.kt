package dev.rotolog.samples

import dev.rotolog.ConsoleStream
import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import dev.rotolog.debug
import dev.rotolog.every
import dev.rotolog.info
import dev.rotolog.megabytes
import dev.rotolog.rotolog
import dev.rotolog.suspending
import dev.rotolog.warn
import dev.rotolog.withLogContext
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * A tour of rotolog's Kotlin DSL: levels per logger prefix, a rotating text file with per-level patterns and
 * permissions, a JSON-lines file per process beside it, an audit file that takes only the audit loggers, a console for
 * warnings, coroutine log context across threads, suspending log calls, and a level changed at runtime.
 *
 * Run [main] from an IDE (the argument is the log directory, default `target/dsl-tour`); `DslTourTest` in this module
 * runs the tour on every build and checks what it wrote.
 */
object DslTour {
    /** What the tour wrote, for the summary and for its test. */
    class Result(val dir: Path, val text: Path, val json: Path, val audit: Path, val requests: Int)

    @JvmStatic
    fun main(args: Array<String>) {
        val result = run(Paths.get(args.getOrElse(0) { "target/dsl-tour" }).toAbsolutePath())
        println("rotolog DSL tour: ${result.requests} requests logged")
        for (file in listOf(result.text, result.json, result.audit)) {
            println("  %-60s %,6d lines".format(file, Files.readAllLines(file).size))
        }
    }

    /** Configures rotolog, serves [requests] requests as coroutines, and closes; returns where it wrote. */
    fun run(dir: Path, requests: Int = 50): Result {
        val logging = rotolog {
            level = Level.INFO
            processKey = "tour" // what {key} stands for; by default the system property rotolog.processKey
            logger("dev.rotolog.samples") {
                level = Level.DEBUG
                logger("noisy") { level = Level.WARN } // dev.rotolog.samples.noisy
            }

            // The shared text log: rotates every hour or at 64 MB, errors get their stack trace.
            file(dir.resolve("app.log")) {
                rotate {
                    every(1.hours)
                    maxSize = 64.megabytes
                }
                layout =
                    pattern(
                        "%d %-5level [%thread] %logger - %msg%ctx%n",
                        perLevel = mapOf(Level.ERROR to "%d %-5level [%thread] %logger - %msg%ctx%ex%n"),
                    )
                permissions = "rw-r-----"
                excludeLoggers("dev.rotolog.samples.audit")
            }

            // One JSON-lines file per process, for a log shipper; callers suspend rather than drop when it lags.
            file(dir.resolve("app-{key}-{pid}.json")) {
                layout = json()
                overflow = OverflowPolicy.SUSPEND
                excludeLoggers("dev.rotolog.samples.audit")
            }

            // The audit trail: only the audit loggers, every batch forced to disk.
            file(dir.resolve("audit.log")) {
                loggers("dev.rotolog.samples.audit")
                layout = json()
                durability = Durability.POWER_LOSS
            }

            // Warnings and errors on stderr too.
            console {
                stream = ConsoleStream.STDERR
                level = Level.WARN
                layout = pattern("%level %logger - %msg%ctx%n")
            }
        }

        val api = logging.logger("dev.rotolog.samples.Api").suspending
        val audit = logging.logger("dev.rotolog.samples.audit.Orders")
        val noisy = logging.logger("dev.rotolog.samples.noisy.Cache")

        runBlocking(Dispatchers.Default) {
            (1..requests)
                .map { id ->
                    launch {
                        withLogContext("requestId" to "r$id", "user" to "user${id % 7}") {
                            api.info { "request r$id received" }
                            delay(1.milliseconds) // a suspension: the request may continue on another thread
                            withContext(Dispatchers.IO) { api.debug { "request r$id loaded its data" } }
                            noisy.debug { "not written: noisy is at WARN" }
                            audit.info { "order placed for request r$id" }
                            api.info { "request r$id done" }
                        }
                    }
                }
                .joinAll()
        }

        logging.setLevel("dev.rotolog.samples.noisy", Level.DEBUG) // at runtime: now it is written
        noisy.debug { "cache statistics now visible" }
        logging.logger("dev.rotolog.samples.Api").warn { "tour finished" }

        logging.close()
        return Result(
            dir,
            dir.resolve("app.log"),
            dir.resolve("app-tour-${ProcessHandle.current().pid()}.json"),
            dir.resolve("audit.log"),
            requests,
        )
    }
}
