package dev.rotolog.slf4j

import dev.rotolog.Level
import org.slf4j.event.EventConstants

/** Maps SLF4J's levels onto rotolog's; both have the same five, so the mapping is one to one. */
internal object Levels {
    fun of(level: org.slf4j.event.Level): Level =
        when (level) {
            org.slf4j.event.Level.TRACE -> Level.TRACE
            org.slf4j.event.Level.DEBUG -> Level.DEBUG
            org.slf4j.event.Level.INFO -> Level.INFO
            org.slf4j.event.Level.WARN -> Level.WARN
            org.slf4j.event.Level.ERROR -> Level.ERROR
        }

    /**
     * The level of an integer from [org.slf4j.spi.LocationAwareLogger]. A value between two of SLF4J's constants rounds
     * down to the lower one (25 is INFO); that API has no other values, so this only decides odd cases.
     */
    fun ofInt(level: Int): Level =
        when {
            level >= EventConstants.ERROR_INT -> Level.ERROR
            level >= EventConstants.WARN_INT -> Level.WARN
            level >= EventConstants.INFO_INT -> Level.INFO
            level >= EventConstants.DEBUG_INT -> Level.DEBUG
            else -> Level.TRACE
        }
}
