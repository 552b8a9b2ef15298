package dev.rotolog

import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.withContext

/**
 * A coroutine context element that carries log context fields across suspensions and thread switches: while a coroutine
 * with this element runs, on whatever thread, that thread's [LogContext] (and so SLF4J's MDC) holds [fields]; when the
 * coroutine suspends, the thread gets back what it had before.
 *
 * Usually made by [withLogContext]. Pass one to a coroutine builder to carry the current thread's fields into a new
 * coroutine: `scope.launch(LogContextElement()) { ... }`. Child coroutines inherit it like any element.
 *
 * Limits: a change to the thread's context made inside the coroutine (`LogContext.put`, `MDC.put`) lasts only until the
 * next suspension, because resuming installs [fields] again. Change fields with [withLogContext] instead, as with
 * kotlinx-coroutines-slf4j's `MDCContext`.
 */
public class LogContextElement(
    /** The fields records made inside the coroutine carry. Default: the current thread's context fields. */
    fields: Map<String, String> = LogContext.snapshot()
) : ThreadContextElement<Map<String, String>>, AbstractCoroutineContextElement(Key) {
    /** The fields records made inside the coroutine carry; an immutable copy. */
    public val fields: Map<String, String> = LogContext.frozen(fields)

    /** The key of this element in a coroutine context. */
    public companion object Key : CoroutineContext.Key<LogContextElement>

    /** Installs [fields] on the thread that resumes the coroutine; returns what the thread had. */
    override fun updateThreadContext(context: CoroutineContext): Map<String, String> {
        val previous = LogContext.snapshot()
        LogContext.install(fields)
        return previous
    }

    /** Gives the thread back what it had before the coroutine resumed on it. */
    override fun restoreThreadContext(context: CoroutineContext, oldState: Map<String, String>) {
        LogContext.install(oldState)
    }

    override fun toString(): String = "LogContextElement($fields)"
}

/**
 * Runs [block] with the log context fields [fields] added to the current ones (the coroutine's, or the thread's
 * [LogContext] and MDC): every record made inside, on any thread and across suspensions, carries them. A field named
 * like an existing one replaces it inside [block]; outside, nothing changes.
 *
 * ```
 * withLogContext("requestId" to request.id, "user" to user.name) {
 *     log.info { "handling" }      // requestId=... user=...
 * }
 * ```
 */
public suspend fun <T> withLogContext(vararg fields: Pair<String, String>, block: suspend CoroutineScope.() -> T): T =
    withContext(LogContextElement(LogContext.snapshot() + fields), block)

/** Runs [block] with [fields] added to the current log context fields; see the overload taking pairs. */
public suspend fun <T> withLogContext(fields: Map<String, String>, block: suspend CoroutineScope.() -> T): T =
    withContext(LogContextElement(LogContext.snapshot() + fields), block)
