package dev.rotolog

import dev.rotolog.status.StatusReporter
import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.cancellation.CancellationException
import kotlin.reflect.KClass

/**
 * The owner of a running rotolog configuration: it holds the writers of its targets and hands out loggers.
 *
 * Start one with [rotolog] or [Rotolog.start]. [close] stops intake, writes everything queued and releases the
 * files and locks; unless the configuration turns it off, a JVM shutdown hook does the same at exit. Several
 * owners in one JVM may name the same file: they share one writer.
 *
 * Levels can change while the owner runs ([setLevel], [clearLevel], [setRootLevel]): a change only moves the
 * thresholds that log calls check, so records already accepted stay queued, in order, and are all written.
 */
public class Rotolog private constructor(
    /** The configuration this owner runs. Level changes made with [setLevel] are not reflected in it. */
    public val config: RotologConfig,
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
            for (file in config.files) started += TargetHandle.File(file, config.clock, status)
            for (console in config.consoles) started += TargetHandle.Console(console, status)
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
     * Sets the level of the loggers whose name is [prefix] or starts with "[prefix]." from now on, for loggers
     * already handed out too. More specific prefixes keep their own level (the longest matching prefix wins), as in
     * the configuration. Records accepted before the change are written as usual; none is lost or reordered.
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
     * Waits until every record logged before this call is written, at most each target's close timeout.
     * Returns false if some target did not finish in time.
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
        @JvmStatic
        public fun start(config: RotologConfig): Rotolog {
            val owner = Rotolog(config)
            if (config.shutdownHook) ShutdownHook.register(owner)
            return owner
        }
    }
}

/**
 * The levels per logger-name prefix: the longest matching prefix wins, else the root level. Immutable; a runtime
 * change makes a new table.
 */
internal class LevelTable(private val root: Level, val prefixes: Map<String, Level>) {
    fun levelOf(name: String): Level {
        var best: String? = null
        for (prefix in prefixes.keys) {
            if (LoggerRoutes.matches(prefix, name) && (best == null || prefix.length > best.length)) best = prefix
        }
        return best?.let { prefixes.getValue(it) } ?: root
    }

    fun with(prefix: String, level: Level): LevelTable = LevelTable(root, LinkedHashMap(prefixes).apply { put(prefix, level) })

    fun without(prefix: String): LevelTable = if (prefix in prefixes) LevelTable(root, prefixes - prefix) else this

    fun withRoot(level: Level): LevelTable = LevelTable(level, prefixes)
}

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
    val suspendingView: SuspendingLogger by lazy(LazyThreadSafetyMode.PUBLICATION) { RotologSuspendingLogger(this) }

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

/** One JVM shutdown hook for all owners: it closes, and so drains, every owner still open at exit. */
internal object ShutdownHook {
    private val owners = LinkedHashSet<Rotolog>()
    private var installed = false

    @Synchronized
    fun register(owner: Rotolog) {
        owners += owner
        if (!installed) {
            installed = true
            Runtime.getRuntime().addShutdownHook(Thread({ closeAll() }, "rotolog-shutdown"))
        }
    }

    @Synchronized
    fun unregister(owner: Rotolog) {
        owners -= owner
    }

    private fun closeAll() {
        val open = synchronized(this) { owners.toList() }
        for (owner in open) {
            try {
                owner.close()
            } catch (failure: Throwable) {
                StatusReporter.global.report("shutdown", "closing rotolog at JVM exit failed", failure)
            }
        }
    }
}
