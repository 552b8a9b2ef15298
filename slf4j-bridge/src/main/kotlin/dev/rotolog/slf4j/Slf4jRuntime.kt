package dev.rotolog.slf4j

import dev.rotolog.Rotolog
import dev.rotolog.RotologConfig
import dev.rotolog.slf4j.config.ConfigurationLoader
import dev.rotolog.slf4j.config.LoadedConfiguration

/**
 * The one rotolog owner that SLF4J logs through in this class loader, from SLF4J's initialization to the JVM's exit
 * (the owner's shutdown hook writes what is queued then; SLF4J itself has no shutdown call).
 */
internal object Slf4jRuntime {
    private var pending: RotologConfig? = null

    @Volatile
    var factory: RotologLoggerFactory? = null
        private set

    /** Starts the owner from [RotologServiceProvider.configure]'s configuration if given, else as found on disk. */
    @Synchronized
    fun start(classLoader: ClassLoader?): RotologLoggerFactory {
        factory?.let {
            return it
        }
        val loaded =
            pending?.let { LoadedConfiguration(it, "RotologServiceProvider.configure") }
                ?: ConfigurationLoader.load(classLoader)
        pending = null
        return RotologLoggerFactory(startOwner(loaded)).also { factory = it }
    }

    /** Before SLF4J's initialization: remembered for it. After: replaces the running owner. */
    @Synchronized
    fun configure(config: RotologConfig) {
        val current = factory
        if (current == null) {
            pending = config
            return
        }
        val old = current.rebind(startOwner(LoadedConfiguration(config, "RotologServiceProvider.configure")))
        old.close()
    }

    private fun startOwner(loaded: LoadedConfiguration): Rotolog =
        try {
            Rotolog.start(loaded.config)
        } catch (e: Exception) {
            val files = loaded.config.files.joinToString(", ") { it.path.toAbsolutePath().toString() }
            throw IllegalStateException(
                "rotolog: cannot start logging to $files as configured by ${loaded.origin}: $e",
                e,
            )
        }
}
