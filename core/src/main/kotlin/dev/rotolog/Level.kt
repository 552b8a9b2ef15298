package dev.rotolog

/**
 * The severity of a log record, and the threshold of a logger.
 *
 * A logger set to a level accepts records of that level and every level above it; [OFF] as a threshold accepts nothing
 * and is never the level of a record.
 */
public enum class Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,

    /** Only a threshold: a logger at OFF accepts nothing. Records logged at OFF are ignored. */
    OFF;

    /** True when a logger whose threshold is this level accepts a record of [level]. */
    public fun accepts(level: Level): Boolean = level != OFF && level.ordinal >= ordinal
}
