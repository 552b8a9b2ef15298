package dev.rotolog

/**
 * A named source of log records.
 *
 * Loggers come from [Rotolog.logger]. A log call never throws and never does file I/O: it checks the level, builds a
 * [LogRecord] and hands it to the targets' queues. The convenience calls ([info], [warn], ...) are inline, so a call at
 * a disabled level costs one comparison and allocates nothing, and the message lambda runs only when the level is
 * enabled. In coroutines, [suspending] gives the same calls as suspending functions that wait for room without blocking
 * the thread.
 */
public interface Logger {
    /** The logger's name, usually a class or package name; levels are configured per name prefix. */
    public val name: String

    /** True when a record of [level] would be accepted. Allocates nothing. */
    public fun isEnabled(level: Level): Boolean

    /** Logs [message] at [level] with an optional [throwable]. Does nothing when [level] is disabled. */
    public fun log(level: Level, throwable: Throwable?, message: String)

    /**
     * Logs a fully built [record] (for bridges that carry markers and key-values). The record's level is checked
     * against this logger's threshold like any other call.
     */
    public fun log(record: LogRecord)
}

/**
 * Turns a message lambda into text. A lambda that throws produces a text that says so instead of an exception, because
 * a log call never throws.
 */
@PublishedApi
internal inline fun messageText(message: () -> Any?): String =
    try {
        message().toString()
    } catch (failure: Throwable) {
        "<log message failed: $failure>"
    }

/** Logs at [level] with [throwable] when [level] is enabled; [message] runs only then. The level functions' funnel. */
@PublishedApi
internal inline fun Logger.logIfEnabled(level: Level, throwable: Throwable?, message: () -> Any?) {
    if (isEnabled(level)) log(level, throwable, messageText(message))
}

/** Logs at TRACE; the lambda runs only when TRACE is enabled. */
public inline fun Logger.trace(message: () -> Any?): Unit = logIfEnabled(Level.TRACE, null, message)

/** Logs at TRACE with a throwable; the lambda runs only when TRACE is enabled. */
public inline fun Logger.trace(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.TRACE, throwable, message)

/** Logs at DEBUG; the lambda runs only when DEBUG is enabled. */
public inline fun Logger.debug(message: () -> Any?): Unit = logIfEnabled(Level.DEBUG, null, message)

/** Logs at DEBUG with a throwable; the lambda runs only when DEBUG is enabled. */
public inline fun Logger.debug(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.DEBUG, throwable, message)

/** Logs at INFO; the lambda runs only when INFO is enabled. */
public inline fun Logger.info(message: () -> Any?): Unit = logIfEnabled(Level.INFO, null, message)

/** Logs at INFO with a throwable; the lambda runs only when INFO is enabled. */
public inline fun Logger.info(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.INFO, throwable, message)

/** Logs at WARN; the lambda runs only when WARN is enabled. */
public inline fun Logger.warn(message: () -> Any?): Unit = logIfEnabled(Level.WARN, null, message)

/** Logs at WARN with a throwable; the lambda runs only when WARN is enabled. */
public inline fun Logger.warn(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.WARN, throwable, message)

/** Logs at ERROR; the lambda runs only when ERROR is enabled. */
public inline fun Logger.error(message: () -> Any?): Unit = logIfEnabled(Level.ERROR, null, message)

/** Logs at ERROR with a throwable; the lambda runs only when ERROR is enabled. */
public inline fun Logger.error(throwable: Throwable?, message: () -> Any?): Unit =
    logIfEnabled(Level.ERROR, throwable, message)
