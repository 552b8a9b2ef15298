package dev.rotolog.writer

import java.time.Clock
import kotlinx.coroutines.delay

/**
 * Wakes at each wall-clock rotation boundary and asks the writer to check rotation, so an idle file still rotates on
 * time. It decides nothing itself: the check runs under the cross-process lock from the shared state, so N processes
 * ticking at one boundary still rotate once.
 *
 * Every wake reads the [clock] again and computes the next boundary afresh, so sleeps never accumulate drift. A sleep
 * is capped at [maxSleepMillis] because `delay` runs on monotonic time: after a wall-clock jump forward (NTP step, a
 * suspended laptop) the ticker notices within one cap and asks once, however many boundaries were skipped; after a jump
 * back it simply sleeps until the next boundary that is really ahead.
 */
internal class RotationTicker(
    private val clock: Clock,
    private val nextBoundaryAfter: (epochMillis: Long) -> Long,
    private val requestCheck: () -> Unit,
    private val maxSleepMillis: Long = 60_000,
) {
    suspend fun run() {
        var boundary = nextBoundaryAfter(clock.millis())
        while (true) {
            val now = clock.millis()
            if (now >= boundary) {
                requestCheck()
                boundary = nextBoundaryAfter(now)
                continue
            }
            // Recomputed on every wake: after the clock went back, an earlier boundary may be the next one now.
            boundary = nextBoundaryAfter(now)
            delay((boundary - now).coerceIn(1, maxSleepMillis))
        }
    }
}
