package dev.rotolog.testkit

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

class LogFilesTest :
    FunSpec({
        val dir = tempdir().toPath()
        val expectations = listOf(ProcessExpectation(0, 1, 30))

        /** Writes records [from, to) of P0 T0 with rotolog at [file], one second apart from [epochSecond] on. */
        fun writeRecords(file: Path, from: Int, to: Int, epochSecond: Long) {
            rotolog {
                    shutdownHook = false
                    file(file) { layout = PatternLayout(RecordFormat.PATTERN) }
                }
                .use { logging ->
                    for (s in from until to) {
                        val record =
                            LogRecord(
                                (epochSecond + s) * 1000,
                                Level.INFO,
                                "p0",
                                RecordFormat.message(0, 0, s),
                                threadName = "w0",
                            )
                        logging.logger("p0").log(record)
                    }
                }
        }

        test("logrotate's numbered files are read highest number first, .10 before .9, the active file last") {
            val logs = Files.createDirectories(dir.resolve("logrotate"))
            val active = logs.resolve("app.log")
            // app.log.10 is the oldest: logrotate shifts .9 to .10 before it renames app.log to .1.
            val order =
                listOf(10, 9, 2, 1).mapIndexed { i, n ->
                    logs.resolve("app.log.$n").also { writeRecords(it, i * 6, i * 6 + 6, 1_000) }
                }
            writeRecords(active, 24, 30, 1_000)
            Files.writeString(logs.resolve("app.log.lock"), "not a log")
            Files.writeString(logs.resolve("app.log.x"), "not a log")

            val files = LogFiles.inLogrotateOrder(active)
            files shouldBe order + listOf(active)
            RecordChecker(expectations).check(files).isClean shouldBe true
            // The order matters: read by name, the same files are out of order.
            RecordChecker(expectations).check(files.sortedBy { it.fileName.toString() }).outOfOrder shouldBeGreaterThan
                0
        }
    })
