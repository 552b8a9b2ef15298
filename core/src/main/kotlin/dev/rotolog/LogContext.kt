package dev.rotolog

/**
 * Context fields of the current thread (rotolog's MDC): every record made on this thread carries a snapshot of
 * them.
 *
 * The map is immutable and replaced on every change, so taking the snapshot for a record costs nothing.
 */
public object LogContext {
    private val fields = ThreadLocal.withInitial<Map<String, String>> { emptyMap() }

    /** The current thread's fields. */
    public fun snapshot(): Map<String, String> = fields.get()

    public fun put(key: String, value: String) {
        fields.set(fields.get() + (key to value))
    }

    public fun remove(key: String) {
        val current = fields.get()
        if (key in current) fields.set(current - key)
    }

    /** Replaces all fields of the current thread; an empty map clears them. */
    public fun replaceAll(newFields: Map<String, String>) {
        fields.set(if (newFields.isEmpty()) emptyMap() else LinkedHashMap(newFields))
    }

    public fun clear() {
        fields.set(emptyMap())
    }
}
