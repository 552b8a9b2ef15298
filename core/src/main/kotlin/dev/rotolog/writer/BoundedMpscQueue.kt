package dev.rotolog.writer

import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * A bounded, closable queue for many producers and exactly one consumer (the writer), on an array ring.
 *
 * A producer claims a sequence number with one CAS on [producerIndex] and then stores its entry in that slot; the
 * consumer takes slots in sequence order and, when it sees a claimed slot whose entry is not stored yet, spins the few
 * nanoseconds until it is. Closing sets a bit in [producerIndex] with the same CAS, so every entry is either claimed
 * before the close (and the consumer will take it) or refused: nothing is accepted and then forgotten.
 *
 * The kotlinx `Channel` it replaces cost the writer several µs per record under load (its cells are built for
 * suspending senders and receivers on both sides, and its methods were recompiled by the JIT for seconds); the writer
 * has a thread of its own, so the queue needs neither.
 */
internal class BoundedMpscQueue(val capacity: Int) {
    init {
        require(capacity in 1..MAX_CAPACITY) { "capacity must be 1..$MAX_CAPACITY, was $capacity" }
    }

    /** The ring is a power of two at least [capacity] long; [capacity] alone limits how many entries it holds. */
    private val mask = Integer.highestOneBit(capacity * 2 - 1) - 1
    private val slots = AtomicReferenceArray<Any?>(mask + 1)

    /** Sequence number of the next entry to claim, with [CLOSED] set once the queue is closed. */
    private val producerIndex = AtomicLong()

    /** Sequence number of the next entry the consumer takes; written by the consumer only. */
    private val consumerIndex = AtomicLong()

    /** Producers claim below this without reading [consumerIndex], whose cache line the consumer keeps writing. */
    private val producerLimit = AtomicLong(capacity.toLong())

    enum class Offer {
        ACCEPTED,
        FULL,
        CLOSED,
    }

    fun offer(entry: Any): Offer {
        var limit = producerLimit.get()
        var claimed: Long
        while (true) {
            claimed = producerIndex.get()
            if (claimed and CLOSED != 0L) return Offer.CLOSED
            if (claimed >= limit) {
                limit = consumerIndex.get() + capacity
                if (claimed >= limit) return Offer.FULL
                producerLimit.lazySet(limit)
            }
            if (producerIndex.compareAndSet(claimed, claimed + 1)) break
        }
        slots.setRelease((claimed and mask.toLong()).toInt(), entry)
        return Offer.ACCEPTED
    }

    /** The next entry, or null if there is none. Only the consumer may call this. */
    fun poll(): Any? {
        val next = consumerIndex.get()
        val slot = (next and mask.toLong()).toInt()
        var entry = slots.getAcquire(slot)
        if (entry == null) {
            if (next == producerIndex.get() and CLOSED.inv()) return null
            // Claimed, and the producer is between its CAS and its store.
            do {
                Thread.onSpinWait()
                entry = slots.getAcquire(slot)
            } while (entry == null)
        }
        slots.lazySet(slot, null)
        consumerIndex.lazySet(next + 1)
        return entry
    }

    fun isEmpty(): Boolean = consumerIndex.get() == producerIndex.get() and CLOSED.inv()

    fun hasRoom(): Boolean = (producerIndex.get() and CLOSED.inv()) - consumerIndex.get() < capacity

    val isClosed: Boolean
        get() = producerIndex.get() and CLOSED != 0L

    /** Refuses every later [offer]; entries claimed before stay for the consumer. */
    fun close() {
        while (true) {
            val current = producerIndex.get()
            if (current and CLOSED != 0L || producerIndex.compareAndSet(current, current or CLOSED)) return
        }
    }

    private companion object {
        const val CLOSED = 1L shl 62
        const val MAX_CAPACITY = 1 shl 29
    }
}
