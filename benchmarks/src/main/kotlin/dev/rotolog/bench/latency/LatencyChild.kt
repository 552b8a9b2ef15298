package dev.rotolog.bench.latency

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.backend.LogSetup
import dev.rotolog.bench.backend.Rotation
import dev.rotolog.bench.backend.RotologLogging
import dev.rotolog.bench.backend.Slf4jLogging
import dev.rotolog.bench.jmh.NativeCalls
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import java.util.concurrent.locks.LockSupport
import kotlin.system.exitProcess

/**
 * The main class of a paced-latency child JVM: `threads` threads each make `rate` log calls per second, evenly spaced,
 * for `warmup` seconds and then for `seconds` seconds during which every call's duration is recorded; then it prints
 * `LATENCY samples=<n> p50=<ns> p90= p99= p999= p9999= max=` and exits.
 *
 * The call is the JMH benchmarks' call (`info("request {} served for user {}", path, user)` through slf4j-api, or the
 * Kotlin API's `info { }` for `rotolog-kotlin`) at a rate every backend keeps up with, so the figures are what a caller
 * pays when the queue has room: the time of the call itself, not time waiting for a full queue (JMH's saturated
 * SampleTime shows that).
 *
 * Arguments: `backend=<id> dir=<log dir> threads=<t> rate=<calls per second per thread> warmup=<s> seconds=<s>`.
 */
object LatencyChild {
    @JvmStatic
    fun main(args: Array<String>) {
        val options = args.associate { it.substringBefore('=') to it.substringAfter('=') }
        fun option(key: String) = options[key] ?: throw IllegalArgumentException("missing argument $key=...")
        val backend = Backend.byId(option("backend"))
        val threads = option("threads").toInt()
        val rate = option("rate").toInt()
        val warmupSeconds = option("warmup").toInt()
        val seconds = option("seconds").toInt()

        val logging = backend.open(LogSetup(Path.of(option("dir")), Rotation.HOURLY_64_MIB))
        val path = "GET /api/orders/1042"
        val user = "alice"
        val call: () -> Unit =
            if (logging is RotologLogging) {
                val log = logging.nativeLogger("dev.rotolog.bench.Service")
                fun() {
                    NativeCalls.info(log, path, user)
                }
            } else {
                val log = (logging as Slf4jLogging).slf4j("dev.rotolog.bench.Service")
                fun() {
                    log.info("request {} served for user {}", path, user)
                }
            }

        val interval = 1_000_000_000L / rate
        val measured = seconds.toLong() * rate
        val samples = Array(threads) { LongArray(measured.toInt()) }
        val start = CountDownLatch(1)
        val failures = ArrayList<Throwable>()
        val workers =
            (0 until threads).map { t ->
                Thread(
                        {
                            start.await()
                            val warmupCalls = warmupSeconds.toLong() * rate
                            val mine = samples[t]
                            var next = System.nanoTime()
                            var i = -warmupCalls
                            while (i < measured) {
                                waitUntil(next)
                                val t0 = System.nanoTime()
                                call()
                                val t1 = System.nanoTime()
                                if (i >= 0) mine[i.toInt()] = t1 - t0
                                i++
                                // Keep the pace; after a long stall start again from now instead of catching up in a
                                // burst.
                                next = maxOf(next + interval, t1 - interval)
                            }
                        },
                        "w$t",
                    )
                    .apply {
                        setUncaughtExceptionHandler { _, e -> synchronized(failures) { failures += e } }
                        start()
                    }
            }
        start.countDown()
        workers.forEach { it.join() }
        logging.close()
        if (failures.isNotEmpty()) {
            failures.first().printStackTrace()
            exitProcess(3)
        }
        val all = LongArray(samples.sumOf { it.size })
        var n = 0
        for (s in samples) {
            System.arraycopy(s, 0, all, n, s.size)
            n += s.size
        }
        all.sort()
        fun p(q: Double) = all[((all.size - 1) * q).toInt()]
        println(
            "LATENCY samples=${all.size} p50=${p(0.5)} p90=${p(0.9)} p99=${p(0.99)} p999=${p(0.999)} " +
                "p9999=${p(0.9999)} max=${all.last()}"
        )
        System.out.flush()
        exitProcess(0)
    }

    /** Parks while more than 50 µs remain (the timer's granularity), then spins to the deadline. */
    private fun waitUntil(deadline: Long) {
        while (true) {
            val left = deadline - System.nanoTime()
            if (left <= 0) return
            if (left > 60_000) LockSupport.parkNanos(left - 50_000) else Thread.onSpinWait()
        }
    }
}
