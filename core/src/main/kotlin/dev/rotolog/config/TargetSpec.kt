package dev.rotolog.config

import dev.rotolog.ConsoleTargetConfig
import dev.rotolog.FileTargetConfig
import dev.rotolog.Level
import dev.rotolog.archive.ArchiveSettings
import dev.rotolog.archive.Retention
import dev.rotolog.internal.FilePermissions
import dev.rotolog.internal.PathTemplate
import dev.rotolog.layout.DEFAULT_PATTERN
import dev.rotolog.layout.JsonLayout
import dev.rotolog.layout.Layout
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.RotationPeriod
import dev.rotolog.rotation.RotationSettings
import java.nio.file.InvalidPathException
import java.nio.file.Path
import java.nio.file.Paths
import java.time.ZoneId
import java.time.ZoneOffset
import kotlin.time.Duration

/**
 * The unresolved settings of one target, whichever front-end filled them: a file target at [pathTemplate] or a console
 * target. [label] is the name a properties file gives the target (`main` in `file.main.path`).
 */
internal class TargetSpec(val kind: Scope, val pathTemplate: String?, val label: String? = null) {
    val values: SettingValues = SettingValues()

    /** Set when the DSL's `rotate { }` / `keep { }` block was used, even with nothing set inside it. */
    var rotateBlock: Boolean = false
    var keepBlock: Boolean = false

    /**
     * The validated file target, or null when something is wrong; every problem is added to [problems], named in
     * [spelling].
     */
    fun resolveFile(
        spelling: Spelling,
        templateValues: PathTemplate.Values,
        problems: MutableList<Problem>,
    ): FileTargetConfig? {
        check(kind == Scope.FILE)
        val before = problems.size
        val target = spelling.target(this)
        val template = pathTemplate!!
        val path =
            try {
                val expanded = PathTemplate.expand(template, target, templateValues)
                val file =
                    try {
                        Paths.get(expanded)
                    } catch (e: InvalidPathException) {
                        throw IllegalArgumentException(
                            "$target: \"$expanded\" is not a valid path (${e.reason}); use e.g. logs/app.log"
                        )
                    }
                require(file.fileName != null && file.fileName.toString().isNotEmpty()) {
                    "$target: the path names no file; give a file name such as logs/app.log"
                }
                file
            } catch (e: IllegalArgumentException) {
                problems += Problem(target, e.message ?: e.toString())
                return null
            }
        checkEach(spelling, problems)
        val layout = layout(spelling, problems)
        val mode =
            values[TargetSettings.permissions]?.let { text ->
                val parsed = FilePermissions.parse(text) ?: return@let null
                if ("posix" !in path.fileSystem.supportedFileAttributeViews()) {
                    problems +=
                        problem(
                            spelling,
                            TargetSettings.permissions,
                            "\"$text\" cannot be applied; this file system has no POSIX permissions, so leave it unset",
                        )
                }
                parsed
            }
        val rotation = rotation(spelling, problems)
        val archiving = archiving(spelling, rotation, problems)
        if (problems.size != before || layout == null) return null
        return FileTargetConfig(path, template, layout, rotation, mode, archiving, values)
    }

    /** The validated console target, or null when something is wrong (each problem added to [problems]). */
    fun resolveConsole(spelling: Spelling, problems: MutableList<Problem>): ConsoleTargetConfig? {
        check(kind == Scope.CONSOLE)
        val before = problems.size
        checkEach(spelling, problems)
        val layout = layout(spelling, problems)
        if (problems.size != before || layout == null) return null
        return ConsoleTargetConfig(layout, values)
    }

    private fun problem(spelling: Spelling, setting: Setting<*>, detail: String, level: Level? = null): Problem {
        val name = spelling.full(this, setting, level)
        return Problem(name, "$name: $detail")
    }

    /** Each setting's own check, in schema order. */
    private fun checkEach(spelling: Spelling, problems: MutableList<Problem>) {
        for (setting in TargetSettings.all) {
            if (setting.scope != Scope.TARGET && setting.scope != kind) continue
            @Suppress("UNCHECKED_CAST") val detail = (setting as Setting<Any?>).problem(values[setting]) ?: continue
            problems += problem(spelling, setting, detail)
        }
        val both = values[TargetSettings.loggers].intersect(values[TargetSettings.excludeLoggers].toSet())
        if (both.isNotEmpty()) {
            val target = spelling.target(this)
            problems +=
                Problem(
                    target,
                    "$target: \"${both.first()}\" is both in ${spelling.call(TargetSettings.loggers)} and in " +
                        "${spelling.call(TargetSettings.excludeLoggers)}; name each prefix once",
                )
        }
    }

    /** The layout: one of its own, JSON, or a text layout described by pattern, per-level patterns and zone. */
    private fun layout(spelling: Spelling, problems: MutableList<Problem>): Layout? {
        val own = values[TargetSettings.layout]
        val json = values[TargetSettings.json]
        val pattern = values[TargetSettings.pattern]
        val perLevel = values[TargetSettings.perLevelPattern]
        val zone = values[TargetSettings.layoutZone]
        val escape = values[TargetSettings.escapeLineBreaks]
        val patternSet = pattern != null || perLevel.isNotEmpty() || escape != null
        val target = spelling.target(this)
        fun name(setting: Setting<*>) = spelling.setting(setting)
        if (own != null) {
            if (json) {
                problems +=
                    Problem(
                        target,
                        "$target: set either ${name(TargetSettings.layout)} or ${name(TargetSettings.json)}, not both",
                    )
                return null
            }
            if (patternSet || zone != null) {
                problems +=
                    Problem(
                        target,
                        "$target: set either ${name(TargetSettings.layout)} or ${name(TargetSettings.pattern)}/" +
                            "${name(TargetSettings.layoutZone)}/${name(TargetSettings.escapeLineBreaks)}, not both",
                    )
                return null
            }
            return own
        }
        if (json) {
            if (patternSet) {
                problems +=
                    Problem(
                        target,
                        "$target: set either ${name(TargetSettings.json)} or ${name(TargetSettings.pattern)}/" +
                            "${name(TargetSettings.perLevelPattern)}/${name(TargetSettings.escapeLineBreaks)}, not both",
                    )
                return null
            }
            return JsonLayout(zone ?: ZoneOffset.UTC)
        }
        var ok = true
        for ((level, levelPattern) in perLevel) {
            val detail =
                if (level == Level.OFF) {
                    "OFF is only a threshold, never the level of a record; give patterns for TRACE, DEBUG, INFO, WARN or ERROR"
                } else {
                    TargetSettings.patternProblem(levelPattern)
                }
            if (detail != null) {
                problems += problem(spelling, TargetSettings.perLevelPattern, detail, level)
                ok = false
            }
        }
        if (!ok || (pattern != null && TargetSettings.patternProblem(pattern) != null)) return null
        return PatternLayout(pattern ?: DEFAULT_PATTERN, zone ?: ZoneId.systemDefault(), escape ?: true, perLevel)
    }

    private fun rotation(spelling: Spelling, problems: MutableList<Problem>): RotationSettings? {
        val group = TargetSettings.group("rotate")
        val firstSet = group.firstOrNull { values.isSet(it) }
        if (!rotateBlock && firstSet == null) return null
        val every = values[TargetSettings.rotateEvery]
        val maxSize = values[TargetSettings.rotateMaxSize]
        if (every == null && maxSize == null) {
            val name = "${spelling.target(this)}.${spelling.group("rotate", firstSet)}"
            problems += Problem(name, "$name: ${spelling.rotateNeither}; set a period, a size limit or both")
            return null
        }
        val period =
            every?.let { (amount, unit) ->
                try {
                    RotationPeriod.of(amount, unit, values[TargetSettings.rotateWeekStart], "")
                } catch (_: IllegalArgumentException) {
                    return null // reported by the setting's own check
                }
            }
        if (maxSize != null && maxSize <= 0) return null
        return RotationSettings(period, values[TargetSettings.rotateZone] ?: ZoneId.systemDefault(), maxSize)
    }

    private fun archiving(
        spelling: Spelling,
        rotation: RotationSettings?,
        problems: MutableList<Problem>,
    ): ArchiveSettings {
        val rotates = rotation != null || rotateBlock || TargetSettings.group("rotate").any { values.isSet(it) }
        val compress = values[TargetSettings.compress]
        if (compress && !rotates) {
            problems +=
                problem(
                    spelling,
                    TargetSettings.compress,
                    "true needs ${spelling.rotateHint}; a file that never rotates has no archives to compress",
                )
        }
        val keepFirst = TargetSettings.group("keep").firstOrNull { values.isSet(it) }
        val keeps = keepBlock || keepFirst != null
        if (keeps && !rotates) {
            val name = "${spelling.target(this)}.${spelling.group("keep", keepFirst)}"
            problems +=
                Problem(name, "$name: needs ${spelling.rotateHint}; a file that never rotates has no archives to keep")
        }
        val maxAge = values[TargetSettings.keepMaxAge]
        if (maxAge != null && rotates && rotation != null && rotation.period == null) {
            problems +=
                problem(
                    spelling,
                    TargetSettings.keepMaxAge,
                    "needs a time period in ${spelling.periodHint}; size-only archive names carry no date",
                )
        }
        val retention = Retention(values[TargetSettings.keepArchives], maxAge, values[TargetSettings.keepTotalSize])
        val delay = values[TargetSettings.compressionDelay]
        if (!compress && !retention.limits && delay == Duration.ZERO) return ArchiveSettings.NONE
        return ArchiveSettings(compress, delay, retention)
    }
}

/** The problem two file targets make when they name one file, or none; [files] are resolved targets and their specs. */
internal fun collisions(files: List<Pair<TargetSpec, Path>>, spelling: Spelling): List<Problem> {
    val first = HashMap<Path, TargetSpec>()
    val problems = ArrayList<Problem>()
    for ((spec, path) in files) {
        val real = path.toAbsolutePath().normalize()
        val earlier = first.putIfAbsent(real, spec) ?: continue
        problems += spelling.collision(earlier, spec, real)
    }
    return problems
}
