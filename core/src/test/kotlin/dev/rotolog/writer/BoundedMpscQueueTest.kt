package dev.rotolog.writer

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.concurrent.thread

class BoundedMpscQueueTest :
    FunSpec({
        test("holds exactly its capacity, also when that is not a power of two, and hands entries out in order") {
            for (capacity in listOf(1, 3, 5, 1000)) {
                val queue = BoundedMpscQueue(capacity)
                for (round in 0 until 3) { // wraps around the ring
                    for (i in 0 until capacity) queue.offer("$round-$i") shouldBe BoundedMpscQueue.Offer.ACCEPTED
                    queue.offer("over") shouldBe BoundedMpscQueue.Offer.FULL
                    queue.hasRoom().shouldBeFalse()
                    for (i in 0 until capacity) queue.poll() shouldBe "$round-$i"
                    queue.poll().shouldBeNull()
                    queue.isEmpty().shouldBeTrue()
                    queue.hasRoom().shouldBeTrue()
                }
            }
        }

        test("a closed queue refuses new entries and still hands out the ones accepted before") {
            val queue = BoundedMpscQueue(4)
            queue.offer("a")
            queue.offer("b")
            queue.close()
            queue.isClosed.shouldBeTrue()
            queue.offer("c") shouldBe BoundedMpscQueue.Offer.CLOSED
            queue.poll() shouldBe "a"
            queue.poll() shouldBe "b"
            queue.poll().shouldBeNull()
            queue.isEmpty().shouldBeTrue()
        }

        test(
            "8 producers racing one consumer and a close: every accepted entry comes out once, in each producer's order"
        ) {
            repeat(5) {
                val queue = BoundedMpscQueue(64) // small, so producers keep hitting a full ring and wrapping it
                val producers = 8
                val accepted = Array(producers) { ArrayList<Int>() }
                val start = CountDownLatch(1)
                val closing = AtomicBoolean(false)
                val threads =
                    (0 until producers).map { p ->
                        thread(name = "producer-$p") {
                            start.await()
                            var seq = 0
                            while (true) {
                                when (queue.offer(longArrayOf(p.toLong(), seq.toLong()))) {
                                    BoundedMpscQueue.Offer.ACCEPTED -> accepted[p] += seq++
                                    BoundedMpscQueue.Offer.FULL -> Thread.onSpinWait()
                                    BoundedMpscQueue.Offer.CLOSED -> break
                                }
                                if (seq == 20_000) closing.set(true)
                            }
                        }
                    }
                val received = Array(producers) { ArrayList<Int>() }
                val outOfOrder = ArrayList<String>()
                start.countDown()
                while (true) {
                    val entry = queue.poll()
                    if (entry == null) {
                        if (queue.isClosed && queue.isEmpty()) break
                        if (closing.get()) queue.close()
                        continue
                    }
                    entry as LongArray
                    val list = received[entry[0].toInt()]
                    val expected = if (list.isEmpty()) 0 else list.last() + 1
                    if (entry[1].toInt() != expected)
                        outOfOrder += "producer ${entry[0]}: ${entry[1]} after ${expected - 1}"
                    list += entry[1].toInt()
                }
                threads.forEach { it.join() }
                outOfOrder.shouldBeEmpty()
                for (p in 0 until producers) received[p] shouldBe accepted[p]
                (accepted.sumOf { it.size } > 0).shouldBeTrue()
            }
        }
    })
