package dev.rotolog.internal

import dev.rotolog.Rotolog
import dev.rotolog.status.StatusReporter

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
