package dev.rotolog

import java.util.Collections

/**
 * Context fields of the current thread (rotolog's MDC): every record made on this thread carries a snapshot of them.
 *
 * The map is immutable and replaced on every change, so taking the snapshot for a record costs nothing. In coroutines
 * use [withLogContext], which carries the fields across suspensions and threads.
 */
public object LogContext {
    private val fields = ThreadLocal.withInitial<Map<String, String>> { emptyMap() }

    /** The current thread's fields. */
    public fun snapshot(): Map<String, String> = fields.get()

    /** Adds or replaces the field [key] of the current thread. */
    public fun put(key: String, value: String) {
        val copy = LinkedHashMap(fields.get())
        copy[key] = value
        fields.set(Collections.unmodifiableMap(copy))
    }

    /** Removes the field [key] of the current thread. */
    public fun remove(key: String) {
        val current = fields.get()
        if (key !in current) return
        val copy = LinkedHashMap(current)
        copy.remove(key)
        fields.set(frozen(copy))
    }

    /** Replaces all fields of the current thread; an empty map clears them. */
    public fun replaceAll(newFields: Map<String, String>) {
        fields.set(frozen(newFields))
    }

    /** Removes every field of the current thread. */
    public fun clear() {
        fields.set(emptyMap())
    }

    /** Sets the thread's map to [frozenFields] as it is, without a copy: it must come from [frozen]. */
    internal fun install(frozenFields: Map<String, String>) {
        fields.set(frozenFields)
    }

    /** An unmodifiable copy of [map] that keeps its order, or the shared empty map. */
    internal fun frozen(map: Map<String, String>): Map<String, String> =
        if (map.isEmpty()) emptyMap() else Collections.unmodifiableMap(LinkedHashMap(map))
}
