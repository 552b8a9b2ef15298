package dev.rotolog.writer

import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * The entries of a writer's queue that are not records. Records travel as they are (no wrapper per record); these few
 * go through the same queue so that the writer handles them in order with the records before them.
 */
internal sealed interface QueueControl {
    /** A flush marker: released once every record queued before it is written (or counted lost). */
    class Flush : QueueControl {
        private val done = CountDownLatch(1)

        fun release() {
            done.countDown()
        }

        /** True once released within [nanos]; false on timeout or interrupt (the interrupt flag is kept). */
        fun await(nanos: Long): Boolean =
            try {
                done.await(nanos.coerceAtLeast(0), TimeUnit.NANOSECONDS)
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
                false
            }
    }

    /** A request to check rotation even without records (the ticker at a boundary, or the writer's start). */
    data object RotationCheck : QueueControl
}
