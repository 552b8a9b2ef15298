package dev.rotolog.internal

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.Logger
import dev.rotolog.SuspendingLogger

/** For loggers that are not rotolog's (test doubles, wrappers): the plain, possibly blocking, calls. */
internal class BlockingSuspendingLogger(private val logger: Logger) : SuspendingLogger {
    override val name: String get() = logger.name

    override fun isEnabled(level: Level): Boolean = logger.isEnabled(level)

    override suspend fun log(level: Level, throwable: Throwable?, message: String) {
        logger.log(level, throwable, message)
    }

    override suspend fun log(record: LogRecord) {
        logger.log(record)
    }
}
