package dev.rotolog.slf4j

import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.Logger
import java.math.BigDecimal
import java.math.BigInteger
import java.time.Clock
import org.slf4j.Marker
import org.slf4j.event.LoggingEvent
import org.slf4j.helpers.AbstractLogger
import org.slf4j.helpers.LegacyAbstractLogger
import org.slf4j.helpers.MessageFormatter
import org.slf4j.spi.LocationAwareLogger
import org.slf4j.spi.LoggingEventAware

/** Where a bridge logger sends its records: the rotolog logger of the same name and the owner's clock. */
internal class Slf4jTarget(val logger: Logger, val clock: Clock)

/**
 * The `org.slf4j.Logger` handed out by [RotologServiceProvider]: it turns SLF4J calls into [LogRecord]s of the rotolog
 * logger with the same name.
 *
 * Three ways in, one way out ([emit]):
 * - the plain API (`info("a {}", x)`), through [LegacyAbstractLogger], which checks the level before anything is
 *   allocated and separates a trailing throwable;
 * - [LocationAwareLogger], which kotlin-logging uses to pass its own class as the caller boundary;
 * - [LoggingEventAware], which SLF4J's fluent API (`atInfo().addKeyValue(..).log(..)`) uses only for loggers that
 *   implement it; the key-value pairs then arrive as a list and stay structured in the record, where another logger
 *   would get them flattened into the message text.
 *
 * Everything a record holds is fixed here, on the caller's thread: the formatted text, the MDC snapshot, and the
 * key-values (immutable JDK values are kept as they are, anything else becomes its `toString()` now, because the writer
 * formats later on another thread and the object may change by then).
 *
 * Marker filtering does not exist in rotolog, so the marker variants of the enabled checks ignore the marker.
 */
internal class RotologSlf4jLogger(
    name: String,
    target: Slf4jTarget,
    /**
     * Receives the caller boundary (the fully qualified class name below which the caller's frame sits) of each enabled
     * call, on the caller's thread. Location capture plugs in here once records can carry a location; until then only
     * tests use it.
     */
    @Transient private val callerBoundarySink: ((String) -> Unit)? = null,
) : LegacyAbstractLogger(), LocationAwareLogger, LoggingEventAware {
    /** Replaced as a whole when SLF4J's configuration is replaced (see [RotologLoggerFactory.rebind]). */
    @Transient @Volatile var target: Slf4jTarget = target

    init {
        this.name = name
    }

    override fun isTraceEnabled(): Boolean = target.logger.isEnabled(Level.TRACE)

    override fun isDebugEnabled(): Boolean = target.logger.isEnabled(Level.DEBUG)

    override fun isInfoEnabled(): Boolean = target.logger.isEnabled(Level.INFO)

    override fun isWarnEnabled(): Boolean = target.logger.isEnabled(Level.WARN)

    override fun isErrorEnabled(): Boolean = target.logger.isEnabled(Level.ERROR)

    /** The plain API's frames up to the caller belong to [AbstractLogger], which declares the log methods. */
    override fun getFullyQualifiedCallerName(): String = ABSTRACT_LOGGER

    override fun handleNormalizedLoggingCall(
        level: org.slf4j.event.Level,
        marker: Marker?,
        messagePattern: String?,
        arguments: Array<out Any?>?,
        throwable: Throwable?,
    ) {
        // The level was checked by AbstractLogger before it called us.
        emit(
            Levels.of(level),
            markerNames(marker),
            messagePattern,
            arguments,
            throwable,
            emptyList(),
            ABSTRACT_LOGGER,
            0L,
            null,
        )
    }

    override fun log(
        marker: Marker?,
        fqcn: String?,
        level: Int,
        message: String?,
        argArray: Array<out Any?>?,
        t: Throwable?,
    ) {
        val rotologLevel = Levels.ofInt(level)
        if (!target.logger.isEnabled(rotologLevel)) return
        emit(rotologLevel, markerNames(marker), message, argArray, t, emptyList(), fqcn ?: ABSTRACT_LOGGER, 0L, null)
    }

    override fun log(event: LoggingEvent) {
        val level = Levels.of(event.level ?: return)
        if (!target.logger.isEnabled(level)) return
        val markers = event.markers?.mapNotNull { it?.name } ?: emptyList()
        val keyValues = event.keyValuePairs?.map { it.key to frozen(it.value) } ?: emptyList()
        emit(
            level,
            markers,
            event.message,
            event.argumentArray,
            event.throwable,
            keyValues,
            event.callerBoundary ?: ABSTRACT_LOGGER,
            event.timeStamp,
            event.threadName,
        )
    }

    private fun emit(
        level: Level,
        markers: List<String>,
        pattern: String?,
        arguments: Array<out Any?>?,
        throwable: Throwable?,
        keyValues: List<Pair<String, Any?>>,
        callerBoundary: String,
        timestamp: Long,
        threadName: String?,
    ) {
        val target = this.target
        try {
            callerBoundarySink?.invoke(callerBoundary)
            val text: String
            val cause: Throwable?
            if (arguments == null || arguments.isEmpty()) {
                text = pattern ?: "null"
                cause = throwable
            } else {
                // Without an explicit throwable, a throwable as the last argument is the record's throwable, not a
                // value for a "{}" (SLF4J's rule since 1.6, also for a single argument).
                @Suppress("UNCHECKED_CAST") val args = arguments as Array<Any?>
                val formatted =
                    if (throwable != null) {
                        MessageFormatter.arrayFormat(pattern, args, throwable)
                    } else {
                        MessageFormatter.arrayFormat(pattern, args)
                    }
                text = formatted.message ?: "null"
                cause = formatted.throwable
            }
            val record =
                LogRecord(
                    epochMillis = if (timestamp > 0) timestamp else target.clock.millis(),
                    level = level,
                    loggerName = name,
                    message = text,
                    throwable = cause,
                    threadName = threadName ?: Thread.currentThread().name,
                    context = RotologMdcAdapter.contextForRecord(),
                    keyValues = keyValues,
                    markers = markers,
                )
            target.logger.log(record)
        } catch (failure: Throwable) {
            // A log call never throws. What failed is probably odd input, so say so in the log itself.
            try {
                target.logger.log(level, throwable, "<log call failed in rotolog-slf4j: $failure; pattern: $pattern>")
            } catch (_: Throwable) {
                // Nothing more can be done without risking an exception into the caller.
            }
        }
    }

    private fun markerNames(marker: Marker?): List<String> = if (marker == null) emptyList() else listOf(marker.name)

    internal companion object {
        val ABSTRACT_LOGGER: String = AbstractLogger::class.java.name

        /**
         * The value of a key-value pair as it may be kept until the writer formats it: immutable JDK values as they are
         * (so a structured layout still sees a number as a number), anything else as its text now.
         */
        fun frozen(value: Any?): Any? =
            when (value) {
                null,
                is String,
                is Boolean,
                is Char,
                is Int,
                is Long,
                is Short,
                is Byte,
                is Double,
                is Float,
                is BigDecimal,
                is BigInteger -> value
                else ->
                    try {
                        value.toString()
                    } catch (failure: Throwable) {
                        "<toString() failed: $failure>"
                    }
            }
    }
}
