package dev.rotolog.bench.backend

import ch.qos.logback.classic.AsyncAppender
import ch.qos.logback.classic.LoggerContext
import java.util.concurrent.locks.LockSupport
import org.slf4j.LoggerFactory

/**
 * logback, configured from a generated `logback.xml`:
 * - [Backend.LOGBACK_PRUDENT]: a RollingFileAppender in prudent mode (each event written under a FileChannel lock at
 *   the end of the file), rolling by time only (prudent mode forbids the `file` property and size triggers, so the
 *   active file is named by the period), defaults otherwise;
 * - [Backend.LOGBACK_ASYNC]: an AsyncAppender that blocks instead of discarding (discardingThreshold 0, neverBlock
 *   false, no flush timeout at stop) over a RollingFileAppender with SizeAndTimeBasedRollingPolicy and immediateFlush
 *   false (events in the async queue are lost at a crash anyway, so flushing each one buys little).
 *
 * logback's errors (a failed write, a failed rollover) go to stderr, so a lost record leaves a trace.
 */
class LogbackLogging(backend: Backend, private val setup: LogSetup) :
    Slf4jLogging("ch.qos.logback.classic.spi.LogbackServiceProvider", "ch.qos.logback.classic.") {
    init {
        val config =
            writeConfigFile(
                setup.dir,
                "logback",
                when (backend) {
                    Backend.LOGBACK_PRUDENT -> prudent()
                    Backend.LOGBACK_ASYNC -> async()
                    else -> throw IllegalArgumentException("LogbackLogging cannot run $backend")
                },
            )
        System.setProperty("logback.configurationFile", config.toString())
        verifyBinding()
        val errors =
            (LoggerFactory.getILoggerFactory() as LoggerContext).statusManager.copyOfStatusList.filter {
                it.level == ch.qos.logback.core.status.Status.ERROR
            }
        check(errors.isEmpty()) {
            "logback did not take the configuration $config: ${errors.joinToString { it.message }}"
        }
    }

    private fun prudent(): String {
        val rotation = setup.rotation
        val appender =
            if (rotation == null) {
                """
                <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                  <file>${xml(setup.activeFile.toString())}</file>
                  <prudent>true</prudent>
                  <encoder><pattern>${xml(LinePattern.PEERS)}</pattern></encoder>
                </appender>
                """
            } else {
                """
                <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                  <prudent>true</prudent>
                  <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy">
                    <fileNamePattern>${xml(archivePattern(rotation, indexed = false))}</fileNamePattern>
                  </rollingPolicy>
                  <encoder><pattern>${xml(LinePattern.PEERS)}</pattern></encoder>
                </appender>
                """
            }
        return configuration(appender, "FILE")
    }

    private fun async(): String {
        val rotation = setup.rotation ?: Rotation.HOURLY_64_MIB
        val appenders =
            """
            <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
              <file>${xml(setup.activeFile.toString())}</file>
              <immediateFlush>false</immediateFlush>
              <rollingPolicy class="ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy">
                <fileNamePattern>${xml(archivePattern(rotation, indexed = true))}</fileNamePattern>
                <maxFileSize>${rotation.maxBytes}</maxFileSize>
              </rollingPolicy>
              <encoder><pattern>${xml(LinePattern.PEERS)}</pattern></encoder>
            </appender>
            <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender">
              <queueSize>${setup.queueCapacity}</queueSize>
              <discardingThreshold>0</discardingThreshold>
              <neverBlock>false</neverBlock>
              <maxFlushTime>0</maxFlushTime>
              <appender-ref ref="FILE"/>
            </appender>
            """
        return configuration(appenders, "ASYNC")
    }

    private fun archivePattern(rotation: Rotation, indexed: Boolean): String =
        setup.dir.resolve("${setup.baseName}.%d{${rotation.datePattern}}${if (indexed) ".%i" else ""}.log").toString()

    private fun configuration(appenders: String, root: String): String =
        """
        <configuration>
          <statusListener class="ch.qos.logback.core.status.OnErrorConsoleStatusListener"/>
          $appenders
          <root level="INFO"><appender-ref ref="$root"/></root>
        </configuration>
        """
            .trimIndent()

    override fun awaitWritten() {
        val root = (LoggerFactory.getILoggerFactory() as LoggerContext).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        val async = root.getAppender("ASYNC") as? AsyncAppender ?: return
        while (async.numberOfElementsInQueue > 0) LockSupport.parkNanos(100_000)
    }

    /** Stops the context: the AsyncAppender drains its queue into the file, the files are flushed and closed. */
    override fun close() {
        (LoggerFactory.getILoggerFactory() as LoggerContext).stop()
    }
}
