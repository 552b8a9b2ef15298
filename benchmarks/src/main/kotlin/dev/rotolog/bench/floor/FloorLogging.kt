package dev.rotolog.bench.floor

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.backend.BenchLogging
import dev.rotolog.bench.backend.LineLogger
import dev.rotolog.bench.backend.LogSetup
import java.nio.file.Files

/** The [FloorWriter] as a benchmark backend; it ignores [LogSetup.rotation]. */
class FloorLogging(@Suppress("UNUSED_PARAMETER") backend: Backend, setup: LogSetup) : BenchLogging {
    private val writer = FloorWriter(setup.activeFile.also { Files.createDirectories(it.parent) }, setup.queueCapacity)

    override fun logger(name: String): LineLogger = LineLogger { writer.log(name, it) }

    /** Records written: the floor writes everything it takes, so after close this is everything logged. */
    private val records: Long
        get() = writer.written

    override fun awaitWritten() = writer.flush()

    override fun stats(): Map<String, Long> =
        linkedMapOf(
            "written" to records,
            "batches" to writer.batches,
            "lockHoldNanosTotal" to writer.lockHoldNanos,
            "lockWaitNanosTotal" to writer.lockWaitNanos,
        )

    override fun close() = writer.close()
}
