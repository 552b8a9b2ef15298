package dev.rotolog.lock

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import java.util.zip.CRC32

class SharedStateFormatTest :
    FunSpec({

        /** A record with a valid checksum over [body], as a newer or a buggy writer could produce. */
        fun signed(body: String): ByteArray {
            val crc = CRC32().apply { update(body.toByteArray(Charsets.US_ASCII)) }.value
            return (body + "crc=" + java.lang.Long.toHexString(crc) + "\n").toByteArray(Charsets.US_ASCII)
        }

        test("a state survives encoding and decoding; an empty record is the initial state") {
            val state = SharedState(periodStart = 1_795_000_000_000, splitIndex = 3)
            SharedState.Codec.decode(state.encode()) shouldBe state
            SharedState.Codec.decode(ByteArray(0)) shouldBe SharedState()
        }

        test("a record an earlier version wrote, with its generation counter, is read; a new record has no such line") {
            val earlier = signed("rotolog-state 1\ngeneration=41\nperiodStart=1795000000000\nsplitIndex=3\n")
            SharedState.Codec.decode(earlier) shouldBe SharedState(periodStart = 1_795_000_000_000, splitIndex = 3)
            String(SharedState(periodStart = 1_795_000_000_000, splitIndex = 3).encode()) shouldNotContain "generation"
        }

        test("a record from a newer rotolog is refused, not rebuilt") {
            val failure =
                shouldThrow<SharedState.UnreadableStateException> {
                    SharedState.Codec.decode(signed("rotolog-state 2\ngeneration=1\nperiodStart=0\nsplitIndex=0\n"))
                }
            failure.newerFormat shouldBe true
            failure.message shouldBe "format version 2 was written by a newer rotolog; this one reads up to 1"
        }

        test("a torn or damaged record is corrupt, and so rebuildable") {
            val good = SharedState(periodStart = 1000, splitIndex = 1).encode()
            for (bytes in
                listOf(
                    good.copyOf(good.size - 3),
                    good.copyOf().also { it[20] = 'x'.code.toByte() },
                    "junk".toByteArray(),
                )) {
                shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode(bytes) }
                    .newerFormat shouldBe false
            }
        }

        test("a negative or oversized split index is corrupt even with a valid checksum") {
            for (index in listOf("-1", "2147483648")) {
                val failure =
                    shouldThrow<SharedState.UnreadableStateException> {
                        SharedState.Codec.decode(
                            signed("rotolog-state 1\ngeneration=1\nperiodStart=0\nsplitIndex=$index\n")
                        )
                    }
                failure.newerFormat shouldBe false
            }
        }

        test("garbage naming a future version without a valid checksum is corrupt (rebuilt), not a newer format") {
            val garbage = "rotolog-state 99\ngeneration=1\nperiodStart=0\nsplitIndex=0\ncrc=deadbeef\n".toByteArray()
            shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode(garbage) }.newerFormat shouldBe
                false
        }

        test("absurd values with a valid checksum are refused, so the state is rebuilt") {
            val absurd =
                listOf(
                    "periodStart=-5\nsplitIndex=0", // before 1970, and not the NO_PERIOD marker
                    "periodStart=${Long.MAX_VALUE}\nsplitIndex=0", // year 292 million: no archive name can carry it
                    "periodStart=253402300800000\nsplitIndex=0", // year 10000
                    "periodStart=0\nsplitIndex=${Int.MAX_VALUE}", // would overflow when counted up
                    "periodStart=0\nsplitIndex=1000001",
                )
            for (fields in absurd) {
                val failure =
                    shouldThrow<SharedState.UnreadableStateException> {
                        SharedState.Codec.decode(signed("rotolog-state 1\ngeneration=1\n$fields\n"))
                    }
                failure.newerFormat shouldBe false
            }
            val edge = SharedState(periodStart = SharedState.MAX_PERIOD_START, splitIndex = 1_000_000)
            SharedState.Codec.decode(edge.encode()) shouldBe edge
            SharedState.Codec.decode(SharedState(periodStart = SharedState.NO_PERIOD).encode()).periodStart shouldBe
                SharedState.NO_PERIOD
        }
    })
