package dev.rotolog.slf4j

import dev.rotolog.Rotolog
import java.util.concurrent.ConcurrentHashMap
import org.slf4j.ILoggerFactory

/**
 * SLF4J's logger factory: one [RotologSlf4jLogger] per name, each bound to the rotolog logger of that name in the
 * current [owner]. [rebind] moves every logger to a new owner, so loggers that an application keeps in static fields
 * follow a configuration replaced after they were made.
 */
internal class RotologLoggerFactory(owner: Rotolog) : ILoggerFactory {
    @Volatile
    var owner: Rotolog = owner
        private set

    private val loggers = ConcurrentHashMap<String, RotologSlf4jLogger>()

    override fun getLogger(name: String): org.slf4j.Logger =
        loggers[name]
            // Made under the lock that rebind holds, so a logger made during a rebind cannot keep the old owner.
            ?: synchronized(this) { loggers.getOrPut(name) { RotologSlf4jLogger(name, targetOf(owner, name)) } }

    /** Binds every logger, present and future, to [newOwner] and returns the previous owner (still open). */
    fun rebind(newOwner: Rotolog): Rotolog =
        synchronized(this) {
            val old = owner
            owner = newOwner
            for (logger in loggers.values) logger.target = targetOf(newOwner, logger.name)
            old
        }

    private fun targetOf(owner: Rotolog, name: String) = Slf4jTarget(owner.logger(name), owner.config.clock)
}
