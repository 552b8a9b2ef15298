package dev.rotolog.writer

import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.delay

/**
 * Runs [attempt] until it succeeds, waiting [initialMillis] after the first failure and twice as long after each
 * further one, up to [maxMillis]. A failure that retrying may mend (any [Exception], and running out of memory or
 * stack, which may come back) goes to [failed], which returns true to stop retrying; anything else (an [Error] such as
 * a class that fails to load) and cancellation are thrown. Returns true when [attempt] succeeded.
 */
internal suspend fun retryWithBackoff(
    initialMillis: Long,
    maxMillis: Long,
    attempt: () -> Unit,
    failed: (Throwable) -> Boolean,
): Boolean {
    var backoffMillis = initialMillis
    while (true) {
        try {
            attempt()
            return true
        } catch (failure: Exception) {
            if (failure is CancellationException) throw failure
            if (failed(failure)) return false
        } catch (failure: VirtualMachineError) {
            if (failed(failure)) return false
        }
        delay(backoffMillis)
        backoffMillis = (backoffMillis * 2).coerceAtMost(maxMillis)
    }
}
