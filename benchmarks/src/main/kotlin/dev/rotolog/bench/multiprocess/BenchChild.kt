package dev.rotolog.bench.multiprocess

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.backend.LogSetup
import dev.rotolog.bench.backend.Rotation
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.RecordFormat
import java.io.BufferedReader
import java.io.InputStreamReader
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import kotlin.system.exitProcess

/**
 * The main class of a benchmark child JVM: one process of the comparison, on one backend.
 *
 * Before the start barrier it builds every message it will log (so generating test payloads costs nothing in the
 * measured time; the messages are escaped already, so every backend writes the same line), starts the backend and
 * its threads `w0..w<t-1>`, and prints READY. On GO the threads log their records as fast as they can, each
 * through `LineLogger.info`; then the backend is closed, which writes everything still queued. The child prints
 * `DONE callNanos=<until the last call returned> totalNanos=<until closed> <backend counters>` and exits.
 *
 * Arguments: `backend=<id> dir=<log dir> process=<p> threads=<t> records=<per thread> rotation=<none|second>`.
 */
object BenchChild {
    @JvmStatic
    fun main(args: Array<String>) {
        val options = args.associate { it.substringBefore('=') to it.substringAfter('=') }
        fun option(key: String) = options[key] ?: throw IllegalArgumentException("missing argument $key=...")
        val backend = Backend.byId(option("backend"))
        val process = option("process").toInt()
        val threads = option("threads").toInt()
        val records = option("records").toInt()
        val rotation =
            when (val r = option("rotation")) {
                "none" -> null
                "second" -> Rotation.EVERY_SECOND_8_MIB
                else -> throw IllegalArgumentException("rotation=$r: use none or second")
            }

        val messages = Array(threads) { t -> Array(records) { s -> RecordFormat.expectedText(process, t, s) } }
        val logging = backend.open(LogSetup(Path.of(option("dir")), rotation))
        val logger = logging.logger("p$process")

        val go = CountDownLatch(1)
        val failures = ArrayList<Throwable>()
        val workers =
            (0 until threads).map { t ->
                Thread({
                    go.await()
                    val mine = messages[t]
                    for (s in mine.indices) logger.info(mine[s])
                }, "w$t").apply {
                    setUncaughtExceptionHandler { _, e -> synchronized(failures) { failures += e } }
                    start()
                }
            }

        say(ChildProtocol.READY)
        val line = BufferedReader(InputStreamReader(System.`in`, Charsets.UTF_8)).readLine()
        if (line != ChildProtocol.GO) {
            System.err.println("expected ${ChildProtocol.GO} on stdin, got ${line ?: "end of input"}")
            exitProcess(2)
        }
        val start = System.nanoTime()
        go.countDown()
        workers.forEach { it.join() }
        val called = System.nanoTime()
        logging.close()
        val closed = System.nanoTime()
        if (failures.isNotEmpty()) {
            failures.first().printStackTrace()
            exitProcess(3)
        }
        val counters = logging.stats().entries.joinToString(" ") { "${it.key}=${it.value}" }
        say("${ChildProtocol.DONE} callNanos=${called - start} totalNanos=${closed - start} $counters".trimEnd())
        exitProcess(0)
    }

    private fun say(line: String) {
        synchronized(System.out) {
            println(line)
            System.out.flush()
        }
    }
}
