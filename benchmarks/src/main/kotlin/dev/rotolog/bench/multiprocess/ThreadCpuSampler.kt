package dev.rotolog.bench.multiprocess

import java.lang.management.ManagementFactory

/**
 * The CPU time the Java threads other than [excluded] use from now until [stop]: the backends' writer threads and their
 * helpers. Threads that end in between (a writer finishing its close) are counted up to the last sample, so a thread
 * sampler runs every few milliseconds; JIT and GC threads are not Java threads and are not counted.
 */
class ThreadCpuSampler(private val excluded: Set<Long>, private val periodMillis: Long = 5) {
    private val mx = ManagementFactory.getThreadMXBean()
    private val atStart = HashMap<Long, Long>()
    private val latest = HashMap<Long, Long>()

    @Volatile private var running = true
    private val thread: Thread

    init {
        for (id in mx.allThreadIds) if (id !in excluded) atStart[id] = mx.getThreadCpuTime(id).coerceAtLeast(0)
        thread =
            Thread(
                    {
                        while (running) {
                            sample()
                            Thread.sleep(periodMillis)
                        }
                    },
                    "cpu-sampler",
                )
                .apply {
                    isDaemon = true
                    start()
                }
    }

    private fun sample() {
        for (id in mx.allThreadIds) {
            if (id in excluded) continue
            val cpu = mx.getThreadCpuTime(id)
            if (cpu >= 0) synchronized(latest) { latest[id] = cpu }
        }
    }

    /** Stops sampling and returns the CPU nanoseconds of the threads it watched (the sampler's own excluded). */
    fun stop(): Long {
        running = false
        thread.join()
        sample()
        val own = thread.id
        return synchronized(latest) {
            latest.entries.filter { it.key != own }.sumOf { (id, cpu) -> cpu - (atStart[id] ?: 0L) }
        }
    }
}
