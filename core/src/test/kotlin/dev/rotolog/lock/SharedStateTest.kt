package dev.rotolog.lock

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class SharedStateTest : FunSpec({
    test("a state survives encoding and decoding") {
        val state = SharedState(generation = 42, periodStart = 1_763_700_000_000, splitIndex = 3)
        SharedState.Codec.decode(state.encode()) shouldBe state
    }

    test("an empty lock file is the initial state") {
        SharedState.Codec.decode(ByteArray(0)) shouldBe SharedState()
    }

    test("a state written by a newer format version is refused with a clear reason") {
        val newer = String(SharedState(generation = 1).encode()).replace("rotolog-state 1", "rotolog-state 9")
        shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode(newer.toByteArray()) }
            .message shouldContain "format version 9 was written by a newer rotolog"
    }

    test("a damaged state fails its checksum instead of steering a rotation") {
        val damaged = String(SharedState(generation = 1).encode()).replace("generation=1", "generation=7")
        shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode(damaged.toByteArray()) }
            .message shouldBe "checksum mismatch"
    }

    test("garbage is not a state") {
        shouldThrow<SharedState.UnreadableStateException> { SharedState.Codec.decode("hello".toByteArray()) }
    }
})
