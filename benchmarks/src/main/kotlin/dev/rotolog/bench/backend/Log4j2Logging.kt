package dev.rotolog.bench.backend

import java.util.concurrent.locks.LockSupport
import org.apache.logging.log4j.LogManager
import org.apache.logging.log4j.core.async.AsyncLoggerContext

/**
 * log4j2, configured from a generated `log4j2.xml`:
 * - [Backend.LOG4J2_LOCKING]: synchronous loggers and a `File` appender with `locking="true"` (each write under a
 *   FileChannel lock) and `bufferedIo="false"`, which locking implies anyway (log4j2 warns otherwise); defaults
 *   otherwise. log4j2 has no rolling appender that locks.
 * - [Backend.LOG4J2_ASYNC]: all loggers asynchronous (AsyncLoggerContextSelector on the LMAX Disruptor, ring buffer of
 *   [LogSetup.queueCapacity], the default blocking queue-full policy) over a RollingRandomAccessFile with time and size
 *   triggers, `fileIndex="nomax"` so no archive is ever deleted, and immediateFlush false (async loggers flush at the
 *   end of each batch anyway).
 */
class Log4j2Logging(private val backend: Backend, private val setup: LogSetup) :
    Slf4jLogging("org.apache.logging.slf4j.SLF4JServiceProvider", "org.apache.logging.slf4j.") {
    init {
        val config =
            writeConfigFile(
                setup.dir,
                "log4j2",
                when (backend) {
                    Backend.LOG4J2_LOCKING -> locking()
                    Backend.LOG4J2_ASYNC -> async()
                    else -> throw IllegalArgumentException("Log4j2Logging cannot run $backend")
                },
            )
        System.setProperty("log4j2.configurationFile", config.toString())
        System.setProperty("log4j2.shutdownHookEnabled", "false")
        if (backend == Backend.LOG4J2_ASYNC) {
            System.setProperty(
                "log4j2.contextSelector",
                "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector",
            )
            System.setProperty("log4j2.asyncLoggerRingBufferSize", setup.queueCapacity.toString())
        }
        verifyBinding()
        val source =
            (LogManager.getContext(false) as org.apache.logging.log4j.core.LoggerContext)
                .configuration
                .configurationSource
        check(source.file?.toPath() == config) {
            "log4j2 did not take the configuration $config but ${source.location}"
        }
        if (backend == Backend.LOG4J2_ASYNC) {
            check(LogManager.getContext(false) is AsyncLoggerContext) { "log4j2 did not start async loggers" }
        }
    }

    private fun locking(): String =
        configuration(
            """
            <File name="FILE" fileName="${xml(setup.activeFile.toString())}" locking="true" bufferedIo="false">
              <PatternLayout pattern="${xml(LinePattern.PEERS)}"/>
            </File>
            """
        )

    private fun async(): String {
        val rotation = setup.rotation ?: Rotation.HOURLY_64_MIB
        val archives = setup.dir.resolve("${setup.baseName}.%d{${rotation.datePattern}}.%i.log").toString()
        return configuration(
            """
            <RollingRandomAccessFile name="FILE" fileName="${xml(setup.activeFile.toString())}"
                                     filePattern="${xml(archives)}" immediateFlush="false">
              <PatternLayout pattern="${xml(LinePattern.PEERS)}"/>
              <Policies>
                <TimeBasedTriggeringPolicy/>
                <SizeBasedTriggeringPolicy size="${rotation.maxBytes}"/>
              </Policies>
              <DefaultRolloverStrategy fileIndex="nomax"/>
            </RollingRandomAccessFile>
            """
        )
    }

    private fun configuration(appender: String): String =
        """
        <Configuration status="warn">
          <Appenders>
            $appender
          </Appenders>
          <Loggers>
            <Root level="info"><AppenderRef ref="FILE"/></Root>
          </Loggers>
        </Configuration>
        """
            .trimIndent()

    /**
     * Waits until the ring buffer is empty (polling every 0.1 ms: log4j2's own stop polls every 50 ms, which would add
     * up to 50 ms to the measured time), then shuts log4j2 down, which flushes and closes the file.
     */
    override fun close() {
        awaitWritten()
        LogManager.shutdown()
    }

    override fun awaitWritten() {
        if (backend != Backend.LOG4J2_ASYNC) return
        val ring = (LogManager.getContext(false) as AsyncLoggerContext).createRingBufferAdmin()
        while (ring.remainingCapacity < ring.bufferSize) LockSupport.parkNanos(100_000)
    }
}
