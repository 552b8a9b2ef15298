package dev.rotolog

import dev.rotolog.archive.ArchiveSettings
import dev.rotolog.archive.Retention
import dev.rotolog.rotation.RotationSettings
import kotlin.time.Duration

/**
 * The `keep { }` block of a file target: which archives are kept after rotation. Unset limits do not apply;
 * archives beyond any set limit are deleted, oldest first, by a background pass after each rotation.
 *
 * ```
 * file("logs/app.log") {
 *     rotate { every(1, HOURS) }
 *     keep { archives = 48; maxAge = 30.days; totalSize = 2.gigabytes }
 *     compress = true
 * }
 * ```
 * See [Retention] for exactly what is counted and what is never touched.
 */
@RotologDsl
public class KeepBuilder internal constructor(private val setting: String) {
    /** The most archives kept. Default: no limit. */
    public var archives: Int? = null

    /**
     * How long after the end of its period an archive is kept (`30.days`); needs a time period in `rotate { }`.
     * Default: no limit.
     */
    public var maxAge: Duration? = null

    /**
     * The most bytes all archives may take together (`2.gigabytes`), compressed size where compressed. The newest
     * archive is kept even when it alone is larger. Default: no limit.
     */
    public var totalSize: Long? = null

    internal fun build(rotation: RotationSettings?): Retention {
        val count = archives
        require(count == null || count >= 1) {
            "$setting.archives: $count is not allowed; use 1 or more (to keep no archives, do not rotate)"
        }
        val age = maxAge
        require(age == null || (age.isPositive() && age.isFinite())) {
            "$setting.maxAge: $age is not allowed; use a positive, finite duration such as 30.days"
        }
        require(age == null || rotation?.period != null) {
            "$setting.maxAge: needs a time period in rotate { every(...) }; size-only archive names carry no date"
        }
        val size = totalSize
        require(size == null || size > 0) {
            "$setting.totalSize: $size is not allowed; use a positive number of bytes such as 2.gigabytes"
        }
        return Retention(count, age, size)
    }
}

/**
 * The validated archive settings of the file target named [target] (`file("logs/app.log")`) from its `compress`,
 * `compressionDelay` and `keep { }` settings; the builder of the target calls it.
 */
internal fun archiveSettings(
    target: String,
    rotation: RotationSettings?,
    compress: Boolean,
    compressionDelay: Duration,
    keep: KeepBuilder?,
): ArchiveSettings {
    require(!compress || rotation != null) {
        "$target.compress: true needs rotate { }; a file that never rotates has no archives to compress"
    }
    require(keep == null || rotation != null) {
        "$target.keep: needs rotate { }; a file that never rotates has no archives to keep"
    }
    require(!compressionDelay.isNegative() && compressionDelay.isFinite()) {
        "$target.compressionDelay: $compressionDelay is not allowed; use zero or a positive, finite duration"
    }
    val retention = keep?.build(rotation) ?: Retention.ALL
    if (!compress && !retention.limits && compressionDelay == Duration.ZERO) return ArchiveSettings.NONE
    return ArchiveSettings(compress, compressionDelay, retention)
}
