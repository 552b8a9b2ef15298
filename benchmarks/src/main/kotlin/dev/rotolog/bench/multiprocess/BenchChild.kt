package dev.rotolog.bench.multiprocess

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.backend.LogSetup
import dev.rotolog.bench.backend.Rotation
import dev.rotolog.testkit.ChildProtocol
import dev.rotolog.testkit.RecordFormat
import java.io.BufferedReader
import java.io.InputStreamReader
import java.lang.management.ManagementFactory
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import kotlin.system.exitProcess

/**
 * The main class of a benchmark child JVM: one process of the comparison, on one backend.
 *
 * Before the start barrier it builds every message it will log (so generating test payloads costs nothing in the
 * measured time; the messages are escaped already, so every backend writes the same line), starts the backend and its
 * threads `w0..w<t-1>`, and warms up: each thread logs `warmup` records as process [warmupProcess] (the checker
 * verifies them like the others), half at full speed and half paced over 2.5 s (see [warmUp]), so that the JIT has
 * compiled the logging path, then the child waits until they are written and prints READY. On GO the threads log their
 * records as fast as they can, each through `LineLogger.info`; then the backend is closed, which writes everything
 * still queued. The child prints `DONE callNanos=<until the last call returned> totalNanos=<until closed> cpuNanos=<CPU
 * time of the whole process over the same span> callerCpuNanos=<of the logging threads alone> backgroundCpuNanos=<of
 * the other Java threads: the backend's writers, close included> <backend counters>` and exits.
 *
 * Arguments: `backend=<id> dir=<log dir> process=<p> threads=<t> records=<per thread> warmup=<per thread>
 * rotation=<none|second>`.
 */
object BenchChild {
    /** The warm-up records of process p are logged as process `WARMUP_BASE + p`, by logger `p<WARMUP_BASE + p>`. */
    const val WARMUP_BASE: Int = 1000

    fun warmupProcess(process: Int): Int = WARMUP_BASE + process

    @JvmStatic
    fun main(args: Array<String>) {
        val options = args.associate { it.substringBefore('=') to it.substringAfter('=') }
        fun option(key: String) = options[key] ?: throw IllegalArgumentException("missing argument $key=...")
        val backend = Backend.byId(option("backend"))
        val process = option("process").toInt()
        val threads = option("threads").toInt()
        val records = option("records").toInt()
        val warmup = option("warmup").toInt()
        val rotation =
            when (val r = option("rotation")) {
                "none" -> null
                "second" -> Rotation.EVERY_SECOND_8_MIB
                else -> throw IllegalArgumentException("rotation=$r: use none or second")
            }

        val messages = Array(threads) { t -> Array(records) { s -> RecordFormat.expectedText(process, t, s) } }
        val warmupMessages =
            Array(threads) { t -> Array(warmup) { s -> RecordFormat.expectedText(warmupProcess(process), t, s) } }
        val logging = backend.open(LogSetup(Path.of(option("dir")), rotation))
        val logger = logging.logger("p$process")
        val warmupLogger = logging.logger("p${warmupProcess(process)}")

        val warmedUp = CountDownLatch(threads)
        val go = CountDownLatch(1)
        val failures = ArrayList<Throwable>()
        val threadCpu = ManagementFactory.getThreadMXBean()
        val callerCpu = java.util.concurrent.atomic.AtomicLong()
        val workers =
            (0 until threads).map { t ->
                Thread(
                        {
                            warmUp(warmupMessages[t]) { warmupLogger.info(it) }
                            warmedUp.countDown()
                            go.await()
                            val cpuBefore = threadCpu.currentThreadCpuTime
                            val mine = messages[t]
                            for (s in mine.indices) logger.info(mine[s])
                            callerCpu.addAndGet(threadCpu.currentThreadCpuTime - cpuBefore)
                        },
                        "w$t",
                    )
                    .apply {
                        setUncaughtExceptionHandler { _, e -> synchronized(failures) { failures += e } }
                        start()
                    }
            }

        warmedUp.await()
        logging.awaitWritten()
        // The messages and the backend's long-lived objects move to the old generation now, not during the run.
        System.gc()
        say(ChildProtocol.READY)
        val line = BufferedReader(InputStreamReader(System.`in`, Charsets.UTF_8)).readLine()
        if (line != ChildProtocol.GO) {
            System.err.println("expected ${ChildProtocol.GO} on stdin, got ${line ?: "end of input"}")
            exitProcess(2)
        }
        val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
        val sampler = ThreadCpuSampler(excluded = workers.map { it.id }.toSet() + Thread.currentThread().id)
        val jit = ManagementFactory.getCompilationMXBean()
        val gcs = ManagementFactory.getGarbageCollectorMXBeans()
        val jitAtStart = jit.totalCompilationTime
        val gcAtStart = gcs.sumOf { it.collectionTime }
        val cpuAtStart = os.processCpuTime
        val start = System.nanoTime()
        go.countDown()
        workers.forEach { it.join() }
        val called = System.nanoTime()
        logging.close()
        val closed = System.nanoTime()
        val cpu = os.processCpuTime - cpuAtStart
        val jitMillis = jit.totalCompilationTime - jitAtStart
        val gcMillis = gcs.sumOf { it.collectionTime } - gcAtStart
        val background = sampler.stop()
        if (failures.isNotEmpty()) {
            failures.first().printStackTrace()
            exitProcess(3)
        }
        val counters = logging.stats().entries.joinToString(" ") { "${it.key}=${it.value}" }
        say(
            "${ChildProtocol.DONE} callNanos=${called - start} totalNanos=${closed - start} cpuNanos=$cpu callerCpuNanos=${callerCpu.get()} " +
                "backgroundCpuNanos=$background jitNanos=${jitMillis * 1_000_000} gcNanos=${gcMillis * 1_000_000} $counters"
                    .trimEnd()
        )
        exitProcess(0)
    }

    /**
     * Logs the first half of [messages] as fast as possible (the queue fills, callers wait for room) and spreads the
     * second half evenly over [PACED_WARMUP_NANOS] (shorter for a tiny warm-up: at most 4 records per millisecond, so
     * the CI smoke run does not wait), so every backend crosses at least two wall-clock seconds and rotations before
     * the timed run. Without it the JIT met a new second (timestamp caches), the first rotation and a full queue for
     * the first time inside the one-second timed run, deoptimized the logging path and compiled it again there (seen in
     * JFR as C2 compilations of 0.3 to 0.5 s in the timed window).
     */
    private inline fun warmUp(messages: Array<String>, log: (String) -> Unit) {
        val burst = messages.size / 2
        for (i in 0 until burst) log(messages[i])
        val paced = messages.size - burst
        val pacedNanos = minOf(PACED_WARMUP_NANOS, paced * 250_000L)
        val pacedStart = System.nanoTime()
        for (i in burst until messages.size) {
            val due = pacedStart + (i - burst).toLong() * pacedNanos / paced
            while (System.nanoTime() < due) Thread.sleep(1)
            log(messages[i])
        }
    }

    private const val PACED_WARMUP_NANOS = 2_500_000_000L

    private fun say(line: String) {
        synchronized(System.out) {
            println(line)
            System.out.flush()
        }
    }
}
