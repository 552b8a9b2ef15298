package dev.rotolog.internal

import dev.rotolog.Level

/**
 * The levels per logger-name prefix: the longest matching prefix wins, else the root level. Immutable; a runtime change
 * makes a new table.
 */
internal class LevelTable(private val root: Level, val prefixes: Map<String, Level>) {
    fun levelOf(name: String): Level {
        var best: String? = null
        for (prefix in prefixes.keys) {
            if (LoggerRoutes.matches(prefix, name) && (best == null || prefix.length > best.length)) best = prefix
        }
        return best?.let { prefixes.getValue(it) } ?: root
    }

    fun with(prefix: String, level: Level): LevelTable =
        LevelTable(root, LinkedHashMap(prefixes).apply { put(prefix, level) })

    fun without(prefix: String): LevelTable = if (prefix in prefixes) LevelTable(root, prefixes - prefix) else this

    fun withRoot(level: Level): LevelTable = LevelTable(level, prefixes)
}
