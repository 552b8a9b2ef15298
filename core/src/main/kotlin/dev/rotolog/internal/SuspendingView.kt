package dev.rotolog.internal

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.Logger
import dev.rotolog.SuspendingLogger

/**
 * The suspending view of a [Logger]. For rotolog's own loggers its calls suspend while a SUSPEND target's queue is
 * full; for other loggers (test doubles, wrappers) they are the plain, possibly blocking, calls.
 */
internal class SuspendingView(private val logger: Logger) : SuspendingLogger {
    private val rotolog: RotologLogger? = logger as? RotologLogger

    override val name: String
        get() = logger.name

    override fun isEnabled(level: Level): Boolean = logger.isEnabled(level)

    override suspend fun log(level: Level, throwable: Throwable?, message: String) {
        if (rotolog != null) rotolog.logSuspending(level, throwable, message) else logger.log(level, throwable, message)
    }

    override suspend fun log(record: LogRecord) {
        if (rotolog != null) rotolog.logSuspending(record) else logger.log(record)
    }
}
