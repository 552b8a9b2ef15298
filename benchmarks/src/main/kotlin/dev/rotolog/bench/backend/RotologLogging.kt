package dev.rotolog.bench.backend

import dev.rotolog.Level
import dev.rotolog.Logger
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.Rotolog
import dev.rotolog.RotologConfig
import dev.rotolog.layout.PatternLayout
import dev.rotolog.megabytes
import dev.rotolog.rotologConfig
import dev.rotolog.testkit.RecordFormat

/** rotolog through its Kotlin API ([Backend.ROTOLOG_KOTLIN]): what a Kotlin application calls, without SLF4J. */
class RotologLogging(@Suppress("UNUSED_PARAMETER") backend: Backend, setup: LogSetup) : BenchLogging {
    val owner: Rotolog = Rotolog.start(rotologConfigFor(setup))

    fun nativeLogger(name: String): Logger = owner.logger(name)

    override fun logger(name: String): LineLogger {
        val logger = owner.logger(name)
        return LineLogger { logger.log(Level.INFO, null, it) }
    }

    override fun awaitWritten() {
        check(owner.flush()) { "rotolog did not write its queue in time" }
    }

    override fun stats(): Map<String, Long> = statsOf(owner)

    override fun close() = owner.close()
}

/**
 * The one rotolog configuration of the benchmarks, for both ways in: the test line pattern, BLOCK overflow, the shared
 * queue capacity, rotation as [LogSetup.rotation] says, no shutdown hook (the benchmark closes).
 */
fun rotologConfigFor(setup: LogSetup): RotologConfig = rotologConfig {
    level = Level.INFO
    shutdownHook = false
    file(setup.activeFile) {
        layout = PatternLayout(RecordFormat.PATTERN)
        overflow = OverflowPolicy.BLOCK
        queueCapacity = setup.queueCapacity
        setup.rotation?.let { r ->
            rotate {
                every(1, if (r.periodSeconds == 1) PeriodUnit.SECONDS else PeriodUnit.HOURS)
                maxSize = (r.maxBytes shr 20).toInt().megabytes
            }
        }
    }
}

/** rotolog's counters worth a column: batches (lock acquisitions) and lock times, summed over the children. */
fun statsOf(owner: Rotolog): Map<String, Long> {
    val s = owner.stats().single()
    return linkedMapOf(
        "accepted" to s.accepted,
        "written" to s.written,
        "dropped" to s.dropped,
        "lost" to s.lost,
        "batches" to s.batches,
        "lockHoldNanosTotal" to s.lockHoldNanosTotal,
        "lockWaitNanosTotal" to s.lockWaitNanosTotal,
    )
}
