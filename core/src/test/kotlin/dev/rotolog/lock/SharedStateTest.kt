package dev.rotolog.lock

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class SharedStateTest :
    FunSpec({
        test("a state survives encoding and decoding") {
            val state = SharedState(periodStart = 1_763_700_000_000, splitIndex = 3)
            SharedState.Codec.decode(state.encode()) shouldBe state
        }

        test("an empty lock file is the initial state") {
            SharedState.Codec.decode(ByteArray(0)) shouldBe SharedState()
        }

        test("a state written by a newer format version is refused with a clear reason") {
            // Signed with a valid checksum: only a record whose checksum holds is believed to come from a newer
            // rotolog.
            val body =
                String(SharedState().encode()).substringBefore("crc=").replace("rotolog-state 1", "rotolog-state 9")
            val crc = java.util.zip.CRC32().apply { update(body.toByteArray(Charsets.US_ASCII)) }.value
            val newer = body + "crc=" + java.lang.Long.toHexString(crc) + "\n"
            shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode(newer.toByteArray()) }
                .message shouldContain "format version 9 was written by a newer rotolog"
        }

        test("a damaged state fails its checksum instead of steering a rotation") {
            val damaged = String(SharedState().encode()).replace("splitIndex=0", "splitIndex=7")
            shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode(damaged.toByteArray()) }
                .message shouldBe "checksum mismatch"
        }

        test("garbage is not a state") {
            shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode("hello".toByteArray()) }
        }
    })
