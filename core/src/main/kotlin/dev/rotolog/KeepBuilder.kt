package dev.rotolog

import dev.rotolog.archive.Retention
import dev.rotolog.config.TargetSettings
import dev.rotolog.config.TargetSpec
import kotlin.time.Duration

/**
 * The `keep { }` block of a file target: which archives are kept after rotation. Unset limits do not apply; archives
 * beyond any set limit are deleted, oldest first, by a background pass after each rotation.
 *
 * ```
 * file("logs/app.log") {
 *     rotate { every(1, HOURS) }
 *     keep { archives = 48; maxAge = 30.days; totalSize = 2.gigabytes }
 *     compress = true
 * }
 * ```
 *
 * See [Retention] for exactly what is counted and what is never touched.
 */
@RotologDsl
public class KeepBuilder internal constructor(spec: TargetSpec) {
    /** The most archives kept. Default: no limit. */
    public var archives: Int? by spec.values.property(TargetSettings.keepArchives)

    /**
     * How long after the end of its period an archive is kept (`30.days`); needs a time period in `rotate { }`.
     * Default: no limit.
     */
    public var maxAge: Duration? by spec.values.property(TargetSettings.keepMaxAge)

    /**
     * The most bytes all archives may take together (`2.gigabytes`), compressed size where compressed. The newest
     * archive is kept even when it alone is larger. Default: no limit.
     */
    public var totalSize: Long? by spec.values.property(TargetSettings.keepTotalSize)
}
