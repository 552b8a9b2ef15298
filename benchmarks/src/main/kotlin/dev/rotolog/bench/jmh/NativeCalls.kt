package dev.rotolog.bench.jmh

import dev.rotolog.Logger
import dev.rotolog.debug
import dev.rotolog.info

/**
 * The calls a Kotlin user of rotolog writes, for the Java JMH benchmarks to call: the inline `info {}` and `debug {}`
 * expand here exactly as they would in application code.
 */
object NativeCalls {
    @JvmStatic
    fun info(log: Logger, path: String, user: String) {
        log.info { "request $path served for user $user" }
    }

    @JvmStatic
    fun debug(log: Logger, path: String, user: String) {
        log.debug { "request $path served for user $user" }
    }
}
