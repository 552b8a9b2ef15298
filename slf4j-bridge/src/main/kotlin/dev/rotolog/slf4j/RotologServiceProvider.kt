package dev.rotolog.slf4j

import dev.rotolog.Rotolog
import dev.rotolog.RotologConfig
import org.slf4j.ILoggerFactory
import org.slf4j.IMarkerFactory
import org.slf4j.helpers.BasicMarkerFactory
import org.slf4j.spi.MDCAdapter
import org.slf4j.spi.SLF4JServiceProvider

/**
 * rotolog's SLF4J 2 provider: with this module on the class path, `LoggerFactory.getLogger(..)` returns loggers that
 * write through rotolog, so Java code and kotlin-logging share rotolog's multi-process file targets.
 *
 * SLF4J finds the provider through `META-INF/services`; when another provider is on the class path too, start the JVM
 * with `-Dslf4j.provider=dev.rotolog.slf4j.RotologServiceProvider` (without it SLF4J takes the first one it finds and
 * warns about the others).
 *
 * At SLF4J's initialization the configuration is, in this order: the one given to [configure] before it; the properties
 * file named by the system property `rotolog.configurationFile`; `rotolog.properties` on the class path; or the
 * default, INFO and above to `logs/app.log`, announced on stderr. A wrong configuration fails SLF4J's initialization
 * with a message naming each wrong key, its value and what is allowed; SLF4J prints it and throws from
 * `LoggerFactory.getLogger`.
 *
 * Records still queued at JVM exit are written by the owner's shutdown hook, unless the configuration turns the hook
 * off.
 */
public class RotologServiceProvider : SLF4JServiceProvider {
    private val markerFactory = BasicMarkerFactory()

    @Volatile private var loggerFactory: ILoggerFactory? = null

    override fun getLoggerFactory(): ILoggerFactory =
        loggerFactory
            ?: Slf4jRuntime.factory
            ?: throw IllegalStateException("rotolog: SLF4J has not initialized the provider yet")

    override fun getMarkerFactory(): IMarkerFactory = markerFactory

    /** Available before [initialize]: SLF4J binds the MDC first. */
    override fun getMDCAdapter(): MDCAdapter = RotologMdcAdapter

    override fun getRequestedApiVersion(): String = REQUESTED_API_VERSION

    override fun initialize() {
        loggerFactory = Slf4jRuntime.start(RotologServiceProvider::class.java.classLoader)
    }

    public companion object {
        /** The SLF4J API version this provider is written for: any 2.0.x. */
        public const val REQUESTED_API_VERSION: String = "2.0.99"

        /**
         * Makes SLF4J log as [config] says. Called before the first `LoggerFactory.getLogger`, it is the configuration
         * SLF4J starts with (no file is read). Called later, it starts [config], moves every SLF4J logger to it,
         * including those already held in static fields, and closes the previous configuration after writing what it
         * had queued.
         *
         * Limits: a record logged by another thread at the very moment of the switch may reach the previous
         * configuration after it closed; it is then counted in its `TargetStats.rejectedAfterClose`, not written.
         * Configure once, early, where you can.
         *
         * @throws IllegalStateException when the files of [config] cannot be opened; the running configuration is then
         *   kept.
         */
        @JvmStatic
        public fun configure(config: RotologConfig) {
            Slf4jRuntime.configure(config)
        }

        /**
         * The owner that SLF4J's loggers write through, for [Rotolog.flush] and [Rotolog.stats]; null until SLF4J has
         * initialized the provider.
         */
        @JvmStatic public fun owner(): Rotolog? = Slf4jRuntime.factory?.owner
    }
}
