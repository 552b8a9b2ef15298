package dev.rotolog.bench.backend

/**
 * The backends compared, each with the class path its child JVMs get (a file written by the build into
 * `target/classpath/`) and the class that sets it up.
 */
enum class Backend(
    /** The name in tables, JMH parameters and command lines. */
    val id: String,
    /** What exactly runs, for the tables' footnotes. */
    val description: String,
    /** The name of the class-path file (`target/classpath/<name>.txt`) with this backend's libraries only. */
    val classPath: String,
    private val implementation: String,
) {
    ROTOLOG(
        "rotolog",
        "rotolog through slf4j-api and rotolog-slf4j, BLOCK overflow, queue 65,536, rotating on time and size " +
            "under the cross-process lock",
        "rotolog",
        "dev.rotolog.bench.backend.RotologSlf4jLogging",
    ),
    ROTOLOG_KOTLIN(
        "rotolog-kotlin",
        "rotolog through its Kotlin API (Logger.info { } / Logger.log), otherwise as rotolog",
        "rotolog",
        "dev.rotolog.bench.backend.RotologLogging",
    ),
    LOGBACK_PRUDENT(
        "logback-prudent",
        "logback RollingFileAppender, prudent mode, TimeBasedRollingPolicy (prudent mode allows no size limit)",
        "logback",
        "dev.rotolog.bench.backend.LogbackLogging",
    ),
    LOG4J2_LOCKING(
        "log4j2-locking",
        "log4j2 File appender with locking=\"true\", synchronous loggers (log4j2 cannot roll a locked file)",
        "log4j2",
        "dev.rotolog.bench.backend.Log4j2Logging",
    ),
    LOGBACK_ASYNC(
        "logback-async",
        "logback AsyncAppender (queue 65,536, discardingThreshold 0, blocking) over RollingFileAppender " +
            "(SizeAndTimeBasedRollingPolicy, immediateFlush false)",
        "logback",
        "dev.rotolog.bench.backend.LogbackLogging",
    ),
    LOG4J2_ASYNC(
        "log4j2-async",
        "log4j2 async loggers (AsyncLoggerContextSelector, LMAX Disruptor, ring buffer 65,536) over " +
            "RollingRandomAccessFile (time + size triggers, nomax index, immediateFlush false)",
        "log4j2",
        "dev.rotolog.bench.backend.Log4j2Logging",
    ),
    FLOOR(
        "floor",
        "the minimal batched writer of this module: one bounded queue, one writer thread, one FileChannel lock " +
            "and one write per batch, no rotation, no checks",
        "floor",
        "dev.rotolog.bench.floor.FloorLogging",
    );

    /** Starts this backend on [setup]. Call once per JVM: the SLF4J peers configure JVM-wide state. */
    fun open(setup: LogSetup): BenchLogging =
        Class.forName(implementation).getConstructor(Backend::class.java, LogSetup::class.java).newInstance(this, setup)
            as BenchLogging

    companion object {
        @JvmStatic
        fun byId(id: String): Backend =
            entries.firstOrNull { it.id == id }
                ?: throw IllegalArgumentException("unknown backend '$id'; use one of ${entries.joinToString { it.id }}")
    }
}
