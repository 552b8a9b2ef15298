package dev.rotolog.slf4j

import dev.rotolog.LogContext
import java.util.ArrayDeque
import java.util.Deque
import org.slf4j.spi.MDCAdapter

/**
 * SLF4J's MDC on top of [LogContext], so `MDC.put` from Java, kotlin-logging's `withLoggingContext` and rotolog's own
 * context see and change the same fields of the current thread.
 *
 * The per-key deques of SLF4J 2 (`MDC.pushByKey` and friends) are kept beside the map. A record made while a deque is
 * not empty carries it as a context field named by its key, valued by its elements oldest first in the form `[outer,
 * inner]`; when the map has a field of the same key, the map's field wins. The deques are not part of
 * `getCopyOfContextMap`, and `clear()` leaves them alone, as in SLF4J's own adapters. A deque that `popByKey` or
 * `clearDequeByKey` empties is removed (then `getCopyOfDequeByKey` gives null, as for a key never pushed), so a pooled
 * thread keeps no deque for keys it no longer uses.
 *
 * A null value in `put` removes the key, because rotolog's context holds no nulls.
 */
internal object RotologMdcAdapter : MDCAdapter {
    // Holds only JDK types, so a thread pool thread keeps no reference to rotolog's class loader.
    private val deques = ThreadLocal<HashMap<String, ArrayDeque<String>>>()

    override fun put(key: String?, value: String?) {
        requireNotNull(key) { "key must not be null" }
        if (value == null) LogContext.remove(key) else LogContext.put(key, value)
    }

    override fun get(key: String?): String? = if (key == null) null else LogContext.snapshot()[key]

    override fun remove(key: String?) {
        if (key != null) LogContext.remove(key)
    }

    override fun clear() {
        LogContext.clear()
    }

    override fun getCopyOfContextMap(): MutableMap<String, String> = HashMap(LogContext.snapshot())

    override fun setContextMap(contextMap: Map<String, String?>?) {
        if (contextMap == null) {
            LogContext.clear()
            return
        }
        val fields = LinkedHashMap<String, String>(contextMap.size * 2)
        for ((key, value) in contextMap) if (value != null) fields[key] = value
        LogContext.replaceAll(fields)
    }

    override fun pushByKey(key: String?, value: String?) {
        if (key == null || value == null) return
        val map = deques.get() ?: HashMap<String, ArrayDeque<String>>().also { deques.set(it) }
        map.getOrPut(key) { ArrayDeque() }.push(value)
    }

    override fun popByKey(key: String?): String? {
        if (key == null) return null
        val map = deques.get() ?: return null
        val deque = map[key] ?: return null
        val value = deque.pollFirst()
        if (deque.isEmpty()) forget(map, key)
        return value
    }

    override fun getCopyOfDequeByKey(key: String?): Deque<String>? {
        if (key == null) return null
        return deques.get()?.get(key)?.let { ArrayDeque(it) }
    }

    override fun clearDequeByKey(key: String?) {
        if (key == null) return
        val map = deques.get() ?: return
        if (map.containsKey(key)) forget(map, key)
    }

    /**
     * Drops [key]'s emptied deque, and the thread's map once it holds none: a pool thread that pushed and popped a
     * million distinct keys must not keep a million empty deques.
     */
    private fun forget(map: HashMap<String, ArrayDeque<String>>, key: String) {
        map.remove(key)
        if (map.isEmpty()) deques.remove()
    }

    /** How many keys have a deque on this thread (for tests: emptied deques must not stay). */
    internal fun dequeKeyCount(): Int = deques.get()?.size ?: 0

    /**
     * The context fields for a record made now on this thread: the [LogContext] snapshot itself (no copy) unless a
     * deque is not empty.
     */
    fun contextForRecord(): Map<String, String> {
        val base = LogContext.snapshot()
        val stacks = deques.get() ?: return base
        var merged: LinkedHashMap<String, String>? = null
        for ((key, deque) in stacks) {
            if (deque.isEmpty() || key in base) continue
            if (merged == null) merged = LinkedHashMap(base)
            merged[key] = render(deque)
        }
        return merged ?: base
    }

    private fun render(deque: ArrayDeque<String>): String {
        val text = StringBuilder("[")
        val oldestFirst = deque.descendingIterator()
        while (oldestFirst.hasNext()) {
            text.append(oldestFirst.next())
            if (oldestFirst.hasNext()) text.append(", ")
        }
        return text.append(']').toString()
    }
}
