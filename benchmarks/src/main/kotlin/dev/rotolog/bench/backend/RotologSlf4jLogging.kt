package dev.rotolog.bench.backend

import dev.rotolog.Rotolog
import dev.rotolog.slf4j.RotologServiceProvider

/**
 * rotolog through slf4j-api and its provider, rotolog-slf4j ([Backend.ROTOLOG]): the configuration is given in code
 * with [RotologServiceProvider.configure] before SLF4J starts, so no properties file is read.
 */
class RotologSlf4jLogging(@Suppress("UNUSED_PARAMETER") backend: Backend, setup: LogSetup) :
    Slf4jLogging("dev.rotolog.slf4j.RotologServiceProvider", "dev.rotolog.slf4j.") {
    init {
        RotologServiceProvider.configure(rotologConfigFor(setup))
        verifyBinding()
    }

    private val owner: Rotolog
        get() = checkNotNull(RotologServiceProvider.owner()) { "rotolog-slf4j has no running configuration" }

    override fun awaitWritten() {
        check(owner.flush()) { "rotolog did not write its queue in time" }
    }

    override fun stats(): Map<String, Long> = statsOf(owner)

    override fun close() = owner.close()
}
