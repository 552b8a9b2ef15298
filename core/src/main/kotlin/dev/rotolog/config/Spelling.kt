package dev.rotolog.config

import dev.rotolog.Level
import java.nio.file.Path

/**
 * How one front-end names targets and settings in its messages: `file("logs/app.log").rotate.maxSize` in the DSL,
 * `FileBuilder("logs/app.log").rotateMaxSize` for the Java builder, `file.main.rotate.maxSize` in properties.
 */
internal interface Spelling {
    val frontEnd: FrontEnd

    /** The target as the user wrote it: `file("logs/app.log")`, `FileBuilder("logs/app.log")`, `file.main`. */
    fun target(spec: TargetSpec): String

    /** [setting] within a target: `rotate.maxSize`, `rotateMaxSize`; [level] for a per-level pattern. */
    fun setting(setting: Setting<*>, level: Level? = null): String

    /** [setting] as the user sets it, where that differs from its name: the DSL's `loggers(...)`. */
    fun call(setting: Setting<*>): String = setting(setting)

    /** A group of settings that was used as a whole (`rotate`); [first] is its first setting that was set, if any. */
    fun group(group: String, first: Setting<*>?): String = first?.let { setting(it) } ?: group

    /** What makes a file rotate, for "needs ..." messages. */
    val rotateHint: String
        get() = "${setting(TargetSettings.rotateEvery)} or ${setting(TargetSettings.rotateMaxSize)}"

    /** What gives a file a time period, for "needs ..." messages. */
    val periodHint: String
        get() = setting(TargetSettings.rotateEvery)

    /** Why a used `rotate` group is incomplete. */
    val rotateNeither: String
        get() = "neither ${setting(TargetSettings.rotateEvery)} nor ${setting(TargetSettings.rotateMaxSize)} is set"

    /** The problem of two targets naming one file [path]. */
    fun collision(first: TargetSpec, second: TargetSpec, path: Path): Problem =
        if (first.pathTemplate == second.pathTemplate) {
            Problem(target(second), "${target(second)}: configured twice; configure each file once")
        } else {
            Problem(target(second), "${target(first)} and ${target(second)} both name $path; configure each file once")
        }

    fun full(spec: TargetSpec, setting: Setting<*>, level: Level? = null): String =
        "${target(spec)}.${setting(setting, level)}"
}

/** One problem of a configuration; [key] orders the problems (the properties reader lists them by key). */
internal class Problem(val key: String, val message: String) {
    override fun toString(): String = message
}

/** The Kotlin DSL's spelling: `file("logs/app.log").rotate.maxSize`, `console(STDERR).queueCapacity`. */
internal object DslSpelling : Spelling {
    override val frontEnd: FrontEnd
        get() = FrontEnd.DSL

    override fun target(spec: TargetSpec): String =
        if (spec.kind == Scope.FILE) "file(\"${spec.pathTemplate}\")"
        else "console(${spec.values[TargetSettings.stream].name})"

    override fun setting(setting: Setting<*>, level: Level?): String =
        when {
            level != null -> "layout.pattern[$level]"
            setting === TargetSettings.pattern -> "layout.pattern"
            else -> setting.path
        }

    override fun group(group: String, first: Setting<*>?): String = group

    override fun call(setting: Setting<*>): String =
        if (setting.type == ValueTypes.prefixes) "${setting.name}(...)" else setting(setting)

    override val rotateHint: String
        get() = "rotate { }"

    override val periodHint: String
        get() = "rotate { every(...) }"

    override val rotateNeither: String
        get() = "neither every(...) nor maxSize is set"
}
