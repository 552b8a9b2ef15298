package dev.rotolog

/**
 * The unit of a time-based rotation period, as in `rotate { every(15, MINUTES) }`.
 *
 * The unit also decides the date format of archive names (see [RotationSettings]); it is never inferred from a name
 * pattern.
 */
public enum class PeriodUnit {
    /**
     * Periods of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 seconds. Choose it for tests and demos, or for very high-volume
     * logs that would otherwise produce huge files. Archives: `app.2026-11-21_14-15-07.log`.
     */
    SECONDS,

    /** Periods of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 minutes. Archives: `app.2026-11-21_14-15.log`. */
    MINUTES,

    /**
     * Periods of 1, 2, 3, 4, 6, 8 or 12 hours, starting at local midnight. Choose it for busy services that keep a day
     * or two of logs. Archives: `app.2026-11-21_14.log`.
     */
    HOURS,

    /** One local calendar day from midnight (23 or 25 hours on DST days). Archives: `app.2026-11-21.log`. */
    DAYS,

    /**
     * One week from local midnight of the configured first day (Monday by default). Archives carry the date of that
     * first day: `app.2026-11-16.log`.
     */
    WEEKS,
}
