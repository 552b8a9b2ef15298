package dev.rotolog

import dev.rotolog.layout.PatternLayout
import dev.rotolog.writer.startWith
import dev.rotolog.writer.tempLogFile
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

class RuntimeLevelTest :
    FunSpec({
        fun start(file: java.nio.file.Path) =
            startWith(
                rotologConfig {
                    shutdownHook = false
                    logger("com.example") { level = Level.INFO }
                    logger("com.example.db") { level = Level.WARN }
                    file(file) { layout = PatternLayout("%level %logger %msg%n") }
                }
            )

        test("setLevel changes loggers already handed out and later ones; more specific prefixes keep their level") {
            val file = tempLogFile("rotolog-setlevel")
            val logging = start(file)
            val api = logging.logger("com.example.Api")
            val db = logging.logger("com.example.db.Pool")
            api.isEnabled(Level.DEBUG) shouldBe false
            logging.setLevel("com.example", Level.DEBUG)
            api.isEnabled(Level.DEBUG) shouldBe true
            logging.logger("com.example.Later").isEnabled(Level.DEBUG) shouldBe true
            db.isEnabled(Level.INFO) shouldBe false // com.example.db is more specific and still WARN
            logging.clearLevel("com.example.db")
            db.isEnabled(Level.DEBUG) shouldBe true // now follows com.example
            logging.setRootLevel(Level.ERROR)
            logging.logger("org.other").isEnabled(Level.WARN) shouldBe false
            logging.levelOf("org.other") shouldBe Level.ERROR
            logging.loggerLevels() shouldBe mapOf("com.example" to Level.DEBUG)
            logging.config.loggerLevels shouldBe mapOf("com.example" to Level.INFO, "com.example.db" to Level.WARN)
            shouldThrow<IllegalArgumentException> { logging.setLevel("com..example", Level.DEBUG) }.message shouldBe
                "setLevel: \"com..example\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db"
            logging.close()
        }

        test("changing levels while four threads log loses and reorders no record of an enabled level") {
            val file = tempLogFile("rotolog-setlevel-race")
            val logging = start(file)
            val threads = 4
            val perThread = 5_000
            val stop = AtomicBoolean(false)
            val toggles = AtomicInteger()
            val debugAccepted = AtomicBoolean(false)
            val go = CountDownLatch(1)
            val logged = IntArray(threads)
            val loggers =
                (0 until threads).map { t ->
                    Thread {
                        val log = logging.logger("com.example.T$t")
                        go.await()
                        var seq = 0
                        // Keep logging until the levels have really changed many times while this thread logged, and a
                        // DEBUG record got through (a toggler descheduled in an INFO phase must not decide the
                        // outcome).
                        while (seq < perThread || toggles.get() < 200 || !debugAccepted.get()) {
                            log.info { "T$t $seq" }
                            log.debug {
                                debugAccepted.set(true)
                                "T$t debug $seq"
                            }
                            seq++
                        }
                        logged[t] = seq
                    }
                }
            val toggler = Thread {
                go.await()
                var debug = false
                while (!stop.get()) {
                    debug = !debug
                    logging.setLevel("com.example", if (debug) Level.DEBUG else Level.INFO)
                    toggles.incrementAndGet()
                }
            }
            (loggers + toggler).forEach { it.start() }
            go.countDown()
            loggers.forEach { it.join() }
            stop.set(true)
            toggler.join()
            logging.close()

            val lines = Files.readAllLines(file)
            for (t in 0 until threads) {
                val infos =
                    lines.filter { it.startsWith("INFO com.example.T$t ") }.map { it.substringAfterLast(' ').toInt() }
                infos shouldBe (0 until logged[t]).toList()
            }
            // The toggling had an effect: some DEBUG records got through, and not all of them.
            val debugs = lines.count { it.startsWith("DEBUG ") }
            debugs shouldBeGreaterThan 0
            (debugs < logged.sum()) shouldBe true
        }
    })
