package dev.rotolog.bench.backend

import java.nio.file.Files
import java.nio.file.Path
import org.slf4j.LoggerFactory

/**
 * A peer reached through slf4j-api, the way an application reaches it. Subclasses write the peer's configuration and
 * set the system properties that select it **before** SLF4J initializes, which is why each backend gets a JVM of its
 * own (a JMH fork, a child JVM).
 */
abstract class Slf4jLogging(
    /** The SLF4J 2 provider class, set as `slf4j.provider` so the choice never depends on class-path order. */
    provider: String,
    /** A prefix of the logger factory's class name, checked so a run can never measure another backend. */
    private val expectedFactory: String,
) : BenchLogging {
    init {
        System.setProperty("slf4j.provider", provider)
    }

    /** Call at the end of the subclass's constructor, once its configuration is in place. */
    protected fun verifyBinding() {
        val factory = LoggerFactory.getILoggerFactory().javaClass.name
        check(factory.startsWith(expectedFactory)) {
            "SLF4J is bound to $factory, not $expectedFactory: SLF4J was initialized before this backend was set " +
                "up (run each backend in a JVM of its own, e.g. JMH with at least one fork)"
        }
    }

    /**
     * Writes this process's configuration file for the backend, `<dir>/<kind>-<pid>.xml`, and returns it. One file per
     * process: children sharing a log directory must not read each other's half-written file.
     */
    protected fun writeConfigFile(dir: Path, kind: String, text: String): Path {
        Files.createDirectories(dir)
        val file = dir.resolve("$kind-${ProcessHandle.current().pid()}.xml")
        Files.writeString(file, text)
        return file
    }

    fun slf4j(name: String): org.slf4j.Logger = LoggerFactory.getLogger(name)

    override fun logger(name: String): LineLogger {
        val logger = slf4j(name)
        return LineLogger { logger.info(it) }
    }
}

internal fun xml(text: String): String =
    text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
