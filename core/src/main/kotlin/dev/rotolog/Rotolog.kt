package dev.rotolog

import dev.rotolog.internal.Environment
import dev.rotolog.internal.LevelTable
import dev.rotolog.internal.RotologLogger
import dev.rotolog.internal.ShutdownHook
import dev.rotolog.internal.TargetHandle
import dev.rotolog.status.StatusReporter
import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.cancellation.CancellationException
import kotlin.reflect.KClass

/**
 * The owner of a running rotolog configuration: it holds the writers of its targets and hands out loggers.
 *
 * Start one with [rotolog] or [Rotolog.start]. [close] stops intake, writes everything queued and releases the files
 * and locks; unless the configuration turns it off, a JVM shutdown hook does the same at exit. Several owners in one
 * JVM may name the same file: they share one writer.
 *
 * Levels can change while the owner runs ([setLevel], [clearLevel], [setRootLevel]): a change only moves the thresholds
 * that log calls check, so records already accepted stay queued, in order, and are all written.
 */
public class Rotolog
private constructor(
    /** The configuration this owner runs. Level changes made with [setLevel] are not reflected in it. */
    public val config: RotologConfig,
    private val environment: Environment,
) : AutoCloseable {
    private val status = StatusReporter.global
    private val targets: List<TargetHandle> = startTargets()
    private val loggers = ConcurrentHashMap<String, RotologLogger>()

    // Guards level changes against loggers being created, so a new logger never misses a change.
    private val levelLock = Any()

    @Volatile private var levels = LevelTable(config.rootLevel, config.loggerLevels)

    @Volatile private var closed = false

    private fun startTargets(): List<TargetHandle> {
        val started = ArrayList<TargetHandle>()
        try {
            for (file in config.files) started += TargetHandle.file(file, config.clock, status, environment)
            for (console in config.consoles) started += TargetHandle.console(console, status)
        } catch (failure: Throwable) {
            for (target in started) runCatching { target.close() }
            throw failure
        }
        return started
    }

    /** The logger named [name]; the same instance for the same name. */
    public fun logger(name: String): Logger =
        loggers[name] ?: synchronized(levelLock) { loggers.getOrPut(name) { newLogger(name) } }

    /** The logger named after [type]'s fully qualified name. */
    public fun logger(type: Class<*>): Logger = logger(type.name)

    /** The logger named after [type]'s fully qualified name. */
    public fun logger(type: KClass<*>): Logger = logger(type.java.name)

    private fun newLogger(name: String): RotologLogger {
        val routes = targets.filter { it.config.takes(name) }.toTypedArray()
        return RotologLogger(name, this, routes, levels.levelOf(name))
    }

    /**
     * Sets the level of the loggers whose name is [prefix] or starts with "[prefix]." from now on, for loggers already
     * handed out too. More specific prefixes keep their own level (the longest matching prefix wins), as in the
     * configuration. Records accepted before the change are written as usual; none is lost or reordered.
     *
     * @throws IllegalArgumentException when [prefix] is not a dot-separated logger name prefix.
     */
    public fun setLevel(prefix: String, level: Level) {
        LoggerNames.check("setLevel", prefix)
        changeLevels { it.with(prefix, level) }
    }

    /** Removes the level of [prefix] (configured or set at runtime), so its loggers follow the enclosing prefix. */
    public fun clearLevel(prefix: String) {
        changeLevels { it.without(prefix) }
    }

    /** Sets the level of loggers whose name matches no prefix. */
    public fun setRootLevel(level: Level) {
        changeLevels { it.withRoot(level) }
    }

    /** The level the logger named [loggerName] has now (before the targets' own levels). */
    public fun levelOf(loggerName: String): Level = levels.levelOf(loggerName)

    /** The levels per prefix in effect now, configured and set at runtime. */
    public fun loggerLevels(): Map<String, Level> = levels.prefixes

    private fun changeLevels(change: (LevelTable) -> LevelTable) {
        synchronized(levelLock) {
            val table = change(levels)
            levels = table
            for (logger in loggers.values) logger.setLevel(table.levelOf(logger.name))
        }
    }

    /**
     * Waits until every record logged before this call is written, at most each target's close timeout. Returns false
     * if some target did not finish in time.
     */
    public fun flush(): Boolean = targets.map { it.flush() }.all { it }

    /** The counters of each target: the file targets in configuration order, then the console targets. */
    public fun stats(): List<TargetStats> = targets.map { it.counters.snapshot() }

    /**
     * Stops intake, writes everything queued, and releases files and locks, waiting at most each target's close
     * timeout. Records logged afterwards are counted in [TargetStats.rejectedAfterClose]. Idempotent.
     */
    override fun close() {
        synchronized(this) {
            if (closed) return
            closed = true
        }
        ShutdownHook.unregister(this)
        for (target in targets) target.close()
    }

    internal fun dispatch(record: LogRecord, routes: Array<TargetHandle>) {
        if (closed) {
            for (target in routes) target.counters.rejectedAfterClose.incrementAndGet()
            return
        }
        for (target in routes) if (target.config.level.accepts(record.level)) target.offer(record)
    }

    internal suspend fun dispatchSuspending(record: LogRecord, routes: Array<TargetHandle>) {
        if (closed) {
            for (target in routes) target.counters.rejectedAfterClose.incrementAndGet()
            return
        }
        var i = 0
        try {
            while (i < routes.size) {
                val target = routes[i]
                if (target.config.level.accepts(record.level)) target.offerSuspending(record)
                i++
            }
        } catch (cancelled: CancellationException) {
            // The caller's coroutine was cancelled while waiting for room: the record is not written to this
            // target or the ones after it. Count it as dropped, so the log says so, and let cancellation proceed.
            while (i < routes.size) {
                if (routes[i].config.level.accepts(record.level)) routes[i].counters.dropped.incrementAndGet()
                i++
            }
            throw cancelled
        }
    }

    internal fun newRecord(level: Level, loggerName: String, message: String, throwable: Throwable?): LogRecord =
        LogRecord(
            epochMillis = config.clock.millis(),
            level = level,
            loggerName = loggerName,
            message = message,
            throwable = throwable,
            threadName = Thread.currentThread().name,
            context = LogContext.snapshot(),
        )

    public companion object {
        /** Starts an owner running [config]. */
        @JvmStatic public fun start(config: RotologConfig): Rotolog = start(config, Environment.DEFAULT)

        /** Starts an owner running [config] in [environment] (tests: a failing file system, crash points). */
        internal fun start(config: RotologConfig, environment: Environment): Rotolog {
            val owner = Rotolog(config, environment)
            if (config.shutdownHook) ShutdownHook.register(owner)
            return owner
        }
    }
}
