package dev.rotolog.config

import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty

/** Which targets have a setting. */
internal enum class Scope {
    TARGET,
    FILE,
    CONSOLE,
}

/** The three ways to configure rotolog; each one renders the schema in its own spelling. */
internal enum class FrontEnd {
    DSL,
    JAVA,
    PROPERTIES,
}

/**
 * One setting of a target, as every front-end sees it: where it lives ([group], [name]), its default, how a text value
 * is read ([type], for properties), how a value is checked ([check]) and the line the docs give it.
 *
 * [check] returns null for a good value, or what is wrong and what is allowed without the setting's name (`0 is out of
 * range; use 1 to 16777216`); each front-end puts its own spelling of the name in front.
 */
internal class Setting<T>(
    val group: String?,
    val name: String,
    val scope: Scope,
    val default: T,
    /** How the properties reader turns text into a value; null when the properties file cannot set it. */
    val type: ValueType<*>?,
    /** What the docs' key tables say the default is, as a properties file writes it. */
    val defaultText: String,
    val frontEnds: Set<FrontEnd> = FrontEnd.entries.toSet(),
    val check: (T) -> String? = { null },
) {
    /** `rotate.maxSize`: the DSL's and the properties file's spelling. */
    val path: String = if (group == null) name else "$group.$name"

    /** `rotateMaxSize`: the Java builder's method name. */
    val javaName: String = if (group == null) name else group + name.replaceFirstChar { it.uppercase() }

    fun problem(value: T): String? = check(value)

    override fun toString(): String = path
}

/** The values set for one target; a setting not set has its default. */
internal class SettingValues {
    private val values = HashMap<Setting<*>, Any?>()

    @Suppress("UNCHECKED_CAST")
    operator fun <T> get(setting: Setting<T>): T = if (setting in values) values[setting] as T else setting.default

    operator fun <T> set(setting: Setting<T>, value: T) {
        values[setting] = value
    }

    /** Sets a value read by [Setting.type], whose static type the properties reader does not know. */
    fun setParsed(setting: Setting<*>, value: Any?) {
        values[setting] = value
    }

    fun isSet(setting: Setting<*>): Boolean = setting in values

    /** A property delegate for a builder: `var level: Level by values.property(TargetSettings.level)`. */
    fun <T> property(setting: Setting<T>): ReadWriteProperty<Any?, T> =
        object : ReadWriteProperty<Any?, T> {
            override fun getValue(thisRef: Any?, property: KProperty<*>): T = get(setting)

            override fun setValue(thisRef: Any?, property: KProperty<*>, value: T) = set(setting, value)
        }
}
