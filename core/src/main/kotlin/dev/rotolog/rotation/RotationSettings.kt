package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import java.time.ZoneId

/**
 * When a file target rotates: on time ([period]), on size ([maxSize]), or both. Immutable and validated; built by
 * `rotate { ... }` inside a `file(...)` block of the configuration DSL.
 *
 * The active file always keeps its name (`app.log`). Rotation renames it to an archive beside it whose name carries the
 * period that ended, in a format that follows from [PeriodUnit], and keeps the extension: `app.2026-11-21.log` (days),
 * `app.2026-11-16.log` (weeks: the date of the week's first day), `app.2026-11-21_14.log` (hours),
 * `app.2026-11-21_14-15.log` (minutes), `app.2026-11-21_14-15-07.log` (seconds). A file without extension gets no
 * extension: `app` becomes `app.2026-11-21`.
 * - With [maxSize] too, the second and later files of one period get an index: `app.2026-11-21_14.1.log`, `.2`, ...
 * - Without a period, archives are numbered upwards and never renamed: `app.1.log`, `app.2.log`, ...
 * - When the wall clock repeats a time (DST fall-back), the period that starts at the repeated time for the second time
 *   carries the UTC offset too: `app.2026-11-01_01-0500.log` in New York after `app.2026-11-01_01.log`.
 * - An archive name that exists already is never reused or replaced: the next free index is taken instead. That
 *   includes another log's live file of the same shape (`app.7.log` of `file("app.{key}.log")` with key `7`), which the
 *   archiving of this file also never compresses, deletes or counts: a live file has a `.lock` sidecar.
 *
 * All processes writing one file must use the same settings; the shared state records the period as an instant, so
 * processes with different zones or periods would disagree about the boundaries.
 */
public class RotationSettings
internal constructor(
    /** The time period, or null to rotate on size only. */
    public val period: RotationPeriod?,
    /** The zone whose wall clock defines the boundaries and the dates in archive names. */
    public val zone: ZoneId,
    /** Rotate before a record would make the active file larger than this many bytes; null for no size limit. */
    public val maxSize: Long?,
) {
    override fun equals(other: Any?): Boolean =
        other is RotationSettings && other.period == period && other.zone == zone && other.maxSize == maxSize

    override fun hashCode(): Int = (period.hashCode() * 31 + zone.hashCode()) * 31 + maxSize.hashCode()

    override fun toString(): String = "RotationSettings(period=$period, zone=$zone, maxSize=$maxSize)"
}
