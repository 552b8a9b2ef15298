package dev.rotolog

import dev.rotolog.status.StatusReporter
import dev.rotolog.writer.TargetWriter
import dev.rotolog.writer.Writers
import java.util.concurrent.ConcurrentHashMap
import kotlin.reflect.KClass

/**
 * The owner of a running rotolog configuration: it holds the writers of its file targets and hands out
 * loggers.
 *
 * Start one with [rotolog] or [Rotolog.start]. [close] stops intake, writes everything queued and releases the
 * files and locks; unless the configuration turns it off, a JVM shutdown hook does the same at exit. Several
 * owners in one JVM may name the same file: they share one writer.
 */
public class Rotolog private constructor(
    /** The configuration this owner runs. */
    public val config: RotologConfig,
) : AutoCloseable {
    private val status = StatusReporter.global
    private val targets: List<FileTargetHandle> =
        config.files.map { FileTargetHandle(Writers.acquire(it, config.clock, status), it) }
    private val loggers = ConcurrentHashMap<String, RotologLogger>()
    private val levels = LevelTable(config.rootLevel, config.loggerLevels)

    @Volatile private var closed = false

    /** The logger named [name]; the same instance for the same name. */
    public fun logger(name: String): Logger = loggers.computeIfAbsent(name) { RotologLogger(it, levels.levelOf(it), this) }

    /** The logger named after [type]'s fully qualified name. */
    public fun logger(type: Class<*>): Logger = logger(type.name)

    /** The logger named after [type]'s fully qualified name. */
    public fun logger(type: KClass<*>): Logger = logger(type.java.name)

    /**
     * Waits until every record logged before this call is written, at most each target's close timeout.
     * Returns false if some target did not finish in time.
     */
    public fun flush(): Boolean = targets.all { it.writer.flush(it.config.closeTimeout) }

    /** The counters of each file target, in configuration order. */
    public fun stats(): List<TargetStats> = targets.map { it.writer.counters.snapshot() }

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
        for (target in targets) Writers.release(target.writer, target.config.closeTimeout)
    }

    internal fun dispatch(record: LogRecord) {
        if (closed) {
            for (target in targets) target.writer.counters.rejectedAfterClose.incrementAndGet()
            return
        }
        for (target in targets) target.writer.offer(record, target.config.overflow, target.config.blockTimeout)
    }

    internal suspend fun dispatchSuspending(record: LogRecord) {
        for (target in targets) target.writer.offerSuspending(record, target.config.overflow, target.config.blockTimeout)
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

    private class FileTargetHandle(val writer: TargetWriter, val config: FileTargetConfig)
}

/** Resolves the level of a logger name from the configured prefixes: the longest matching prefix wins. */
internal class LevelTable(private val root: Level, private val prefixes: Map<String, Level>) {
    fun levelOf(name: String): Level {
        var best: String? = null
        for (prefix in prefixes.keys) {
            val matches = name == prefix || (name.startsWith(prefix) && name[prefix.length] == '.')
            if (matches && (best == null || prefix.length > best.length)) best = prefix
        }
        return best?.let { prefixes.getValue(it) } ?: root
    }
}

internal class RotologLogger(
    override val name: String,
    @Volatile var threshold: Level,
    private val owner: Rotolog,
) : Logger {
    override fun isEnabled(level: Level): Boolean = threshold.accepts(level)

    override fun log(level: Level, throwable: Throwable?, message: String) {
        if (!threshold.accepts(level)) return
        try {
            owner.dispatch(owner.newRecord(level, name, message, throwable))
        } catch (failure: Throwable) {
            StatusReporter.global.report("log-call", "a log call of $name failed inside rotolog", failure)
        }
    }

    override fun log(record: LogRecord) {
        if (!threshold.accepts(record.level)) return
        try {
            owner.dispatch(record)
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
