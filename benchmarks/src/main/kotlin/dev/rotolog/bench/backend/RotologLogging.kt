package dev.rotolog.bench.backend

import dev.rotolog.Level
import dev.rotolog.Logger
import dev.rotolog.OverflowPolicy
import dev.rotolog.Rotolog
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import dev.rotolog.testkit.RecordFormat

/**
 * rotolog through its own API. The file rotates as [LogSetup.rotation] says once rotation is on main; until then
 * it does not rotate (the tables say which).
 */
class RotologLogging(
    @Suppress("UNUSED_PARAMETER") backend: Backend,
    setup: LogSetup,
) : BenchLogging {
    val owner: Rotolog =
        rotolog {
            level = Level.INFO
            shutdownHook = false
            file(setup.activeFile) {
                layout = PatternLayout(RecordFormat.PATTERN)
                overflow = OverflowPolicy.BLOCK
                queueCapacity = setup.queueCapacity
            }
        }

    fun nativeLogger(name: String): Logger = owner.logger(name)

    override fun logger(name: String): LineLogger {
        val logger = owner.logger(name)
        return LineLogger { logger.log(Level.INFO, null, it) }
    }

    override fun stats(): Map<String, Long> {
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

    override fun close() = owner.close()

    companion object {
        /** Whether this build rotates the rotolog file (false until rotation is merged into the writer). */
        const val ROTATES: Boolean = false
    }
}
