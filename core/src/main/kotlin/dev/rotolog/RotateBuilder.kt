package dev.rotolog

import dev.rotolog.rotation.PeriodUnit
import dev.rotolog.rotation.RotationPeriod
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
 * Set a period with [every], a size limit with [maxSize], or both (then files within one period are numbered).
 * See [RotationSettings] for the archive names.
 */
@RotologDsl
public class RotateBuilder internal constructor(private val setting: String) {
    private var amount: Int = 0
    private var unit: PeriodUnit? = null

    /** Rotates every [amount] [unit]s on wall-clock boundaries, e.g. `every(15, MINUTES)`; the last call wins. */
    public fun every(amount: Int, unit: PeriodUnit) {
        this.amount = amount
        this.unit = unit
    }

    /** The zone whose wall clock defines the boundaries and archive dates. Default: the system zone. */
    public var zone: ZoneId = ZoneId.systemDefault()

    /** The day weekly periods start on. Default Monday; only used with `every(1, WEEKS)`. */
    public var weekStart: DayOfWeek = DayOfWeek.MONDAY

    /**
     * The largest the active file may grow, in bytes (`64.megabytes`); it rotates before a record would make it
     * larger. A single record larger than this goes alone into a file of its own. Default: no limit.
     */
    public var maxSize: Long? = null

    internal fun build(): RotationSettings {
        val size = maxSize
        require(unit != null || size != null) {
            "$setting: neither every(...) nor maxSize is set; set a period, a size limit or both"
        }
        require(size == null || size > 0) {
            "$setting.maxSize: $size is not allowed; use a positive number of bytes such as 64.megabytes"
        }
        val period = unit?.let { RotationPeriod.of(amount, it, weekStart, "$setting.every") }
        return RotationSettings(period, zone, size)
    }
}
