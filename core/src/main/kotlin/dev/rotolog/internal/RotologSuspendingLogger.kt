package dev.rotolog.internal

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.SuspendingLogger

/** The suspending view of a [RotologLogger]: its calls suspend while a SUSPEND target's queue is full. */
internal class RotologSuspendingLogger(private val logger: RotologLogger) : SuspendingLogger {
    override val name: String get() = logger.name

    override fun isEnabled(level: Level): Boolean = logger.isEnabled(level)

    override suspend fun log(level: Level, throwable: Throwable?, message: String) {
        logger.logSuspending(level, throwable, message)
    }

    override suspend fun log(record: LogRecord) {
        logger.logSuspending(record)
    }
}
