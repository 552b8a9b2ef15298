package dev.rotolog

import dev.rotolog.config.TargetSettings
import dev.rotolog.config.TargetSpec
import dev.rotolog.rotation.RotationSettings
import java.time.DayOfWeek
import java.time.ZoneId

/**
 * The `rotate { }` block of a file target: when the file is renamed to an archive and a new one started.
 *
 * ```
 * file("logs/app.log") {
 *     rotate { every(1, HOURS); zone = ZoneOffset.UTC; maxSize = 64.megabytes }
 * }
 * ```
 *
 * Set a period with [every], a size limit with [maxSize], or both (then files within one period are numbered). See
 * [RotationSettings] for the archive names.
 */
@RotologDsl
public class RotateBuilder internal constructor(private val spec: TargetSpec) {
    /** Rotates every [amount] [unit]s on wall-clock boundaries, e.g. `every(15, MINUTES)`; the last call wins. */
    public fun every(amount: Int, unit: PeriodUnit) {
        spec.values[TargetSettings.rotateEvery] = amount to unit
    }

    /** The zone whose wall clock defines the boundaries and archive dates. Default: the system zone. */
    public var zone: ZoneId
        get() = spec.values[TargetSettings.rotateZone] ?: ZoneId.systemDefault()
        set(value) {
            spec.values[TargetSettings.rotateZone] = value
        }

    /** The day weekly periods start on. Default Monday; only used with `every(1, WEEKS)`. */
    public var weekStart: DayOfWeek by spec.values.property(TargetSettings.rotateWeekStart)

    /**
     * The largest the active file may grow, in bytes (`64.megabytes`); it rotates before a record would make it larger.
     * A single record larger than this goes alone into a file of its own. Default: no limit.
     */
    public var maxSize: Long? by spec.values.property(TargetSettings.rotateMaxSize)
}
