package dev.rotolog.internal

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.Logger
import dev.rotolog.Rotolog
import dev.rotolog.SuspendingLogger
import dev.rotolog.status.StatusReporter
import kotlin.coroutines.cancellation.CancellationException

/**
 * The [Logger] an owner hands out: it checks the level without allocating, builds the record, and gives it to the
 * targets that take its name. A log call never throws (a failure inside rotolog is reported on the status channel).
 */
internal class RotologLogger(
    override val name: String,
    private val owner: Rotolog,
    /** The targets that take this logger; fixed for the logger's life (routes do not change at runtime). */
    private val routes: Array<TargetHandle>,
    level: Level,
) : Logger {
    /** The lowest level any of [routes] writes; OFF when no target takes this logger. */
    private val floor: Level = routes.minOfOrNull { it.config.level } ?: Level.OFF

    /** The lowest level a record needs to reach a target: the logger's level and the targets' levels together. */
    @Volatile private var threshold: Level = maxOf(level, floor)

    /** The view that suspends when a queue is full; made once per logger. */
    val suspendingView: SuspendingLogger by lazy(LazyThreadSafetyMode.PUBLICATION) { SuspendingView(this) }

    fun setLevel(level: Level) {
        threshold = maxOf(level, floor)
    }

    override fun isEnabled(level: Level): Boolean = threshold.accepts(level)

    override fun log(level: Level, throwable: Throwable?, message: String) {
        if (!threshold.accepts(level)) return
        try {
            owner.dispatch(owner.newRecord(level, name, message, throwable), routes)
        } catch (failure: Throwable) {
            StatusReporter.global.report("log-call", "a log call of $name failed inside rotolog", failure)
        }
    }

    override fun log(record: LogRecord) {
        if (!threshold.accepts(record.level)) return
        try {
            owner.dispatch(record, routes)
        } catch (failure: Throwable) {
            StatusReporter.global.report("log-call", "a log call of $name failed inside rotolog", failure)
        }
    }

    suspend fun logSuspending(level: Level, throwable: Throwable?, message: String) {
        if (!threshold.accepts(level)) return
        val record =
            try {
                owner.newRecord(level, name, message, throwable)
            } catch (failure: Throwable) {
                StatusReporter.global.report("log-call", "a log call of $name failed inside rotolog", failure)
                return
            }
        logSuspending(record)
    }

    suspend fun logSuspending(record: LogRecord) {
        if (!threshold.accepts(record.level)) return
        try {
            owner.dispatchSuspending(record, routes)
        } catch (cancelled: CancellationException) {
            throw cancelled
        } catch (failure: Throwable) {
            StatusReporter.global.report("log-call", "a log call of $name failed inside rotolog", failure)
        }
    }
}
