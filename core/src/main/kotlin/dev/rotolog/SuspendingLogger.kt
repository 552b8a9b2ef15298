package dev.rotolog

import dev.rotolog.internal.RotologLogger
import dev.rotolog.internal.SuspendingView

/**
 * A logger for coroutines whose log calls suspend, instead of blocking the thread, while a target's queue is full under
 * [OverflowPolicy.SUSPEND]. Get it from any [Logger] with [suspending]:
 * ```
 * private val log = logging.logger("com.example.Api").suspending
 *
 * suspend fun handle(request: Request) = withLogContext("requestId" to request.id) {
 *     log.info { "handling ${request.path}" }     // suspends while the queue is full
 * }
 * ```
 *
 * The calls are those of [Logger] ([info], [warn], ... with a message lambda), so code moves between the two by
 * changing where the logger comes from. Under [OverflowPolicy.BLOCK] and [OverflowPolicy.DROP] a suspending call
 * behaves like a plain one (it blocks, at most the block timeout, or drops); only SUSPEND targets make it suspend.
 *
 * A suspending log call never throws, with one exception: when the calling coroutine is cancelled while the call waits
 * for room, it ends with the [kotlinx.coroutines.CancellationException] as every suspending call does; the record is
 * then counted as dropped by the targets it did not reach, and the log says so.
 */
public interface SuspendingLogger {
    /** The logger's name. */
    public val name: String

    /** True when a record of [level] would be accepted. Allocates nothing. */
    public fun isEnabled(level: Level): Boolean

    /** Logs [message] at [level] with an optional [throwable], suspending while a SUSPEND target's queue is full. */
    public suspend fun log(level: Level, throwable: Throwable?, message: String)

    /** Logs a fully built [record], suspending while a SUSPEND target's queue is full. */
    public suspend fun log(record: LogRecord)
}

/**
 * The view of this logger whose calls suspend instead of blocking when a queue is full; see [SuspendingLogger]. For
 * rotolog's own loggers the view is made once and kept; for other [Logger] implementations the calls block as the plain
 * calls do.
 */
public val Logger.suspending: SuspendingLogger
    get() = if (this is RotologLogger) suspendingView else SuspendingView(this)

/** Logs at [level] with [throwable] when [level] is enabled; [message] runs only then. The level functions' funnel. */
@PublishedApi
internal suspend inline fun SuspendingLogger.logIfEnabled(level: Level, throwable: Throwable?, message: () -> Any?) {
    if (isEnabled(level)) log(level, throwable, messageText(message))
}

/** Logs at TRACE; the lambda runs only when TRACE is enabled. See [SuspendingLogger]. */
public suspend inline fun SuspendingLogger.trace(message: () -> Any?): Unit = logIfEnabled(Level.TRACE, null, message)

/** Logs at TRACE with a throwable. */
public suspend inline fun SuspendingLogger.trace(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.TRACE, throwable, message)

/** Logs at DEBUG; the lambda runs only when DEBUG is enabled. */
public suspend inline fun SuspendingLogger.debug(message: () -> Any?): Unit = logIfEnabled(Level.DEBUG, null, message)

/** Logs at DEBUG with a throwable. */
public suspend inline fun SuspendingLogger.debug(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.DEBUG, throwable, message)

/** Logs at INFO; the lambda runs only when INFO is enabled. */
public suspend inline fun SuspendingLogger.info(message: () -> Any?): Unit = logIfEnabled(Level.INFO, null, message)

/** Logs at INFO with a throwable. */
public suspend inline fun SuspendingLogger.info(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.INFO, throwable, message)

/** Logs at WARN; the lambda runs only when WARN is enabled. */
public suspend inline fun SuspendingLogger.warn(message: () -> Any?): Unit = logIfEnabled(Level.WARN, null, message)

/** Logs at WARN with a throwable. */
public suspend inline fun SuspendingLogger.warn(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.WARN, throwable, message)

/** Logs at ERROR; the lambda runs only when ERROR is enabled. */
public suspend inline fun SuspendingLogger.error(message: () -> Any?): Unit = logIfEnabled(Level.ERROR, null, message)

/** Logs at ERROR with a throwable. */
public suspend inline fun SuspendingLogger.error(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.ERROR, throwable, message)
