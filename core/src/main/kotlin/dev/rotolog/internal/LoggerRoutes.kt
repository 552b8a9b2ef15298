package dev.rotolog.internal

/** Which targets take which loggers: the longest matching prefix among the included and excluded ones decides. */
internal object LoggerRoutes {
    fun takes(included: Set<String>, excluded: Set<String>, name: String): Boolean {
        var best = -1
        var take = included.isEmpty()
        for (prefix in included) {
            if (prefix.length > best && matches(prefix, name)) {
                best = prefix.length
                take = true
            }
        }
        for (prefix in excluded) {
            if (prefix.length > best && matches(prefix, name)) {
                best = prefix.length
                take = false
            }
        }
        return take
    }

    /** True when [name] is [prefix] or lies below it (`com.example` matches `com.example.db`, not `com.examples`). */
    fun matches(prefix: String, name: String): Boolean =
        name == prefix || (name.length > prefix.length && name.startsWith(prefix) && name[prefix.length] == '.')
}
