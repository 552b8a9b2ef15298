package dev.rotolog.faults

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe

private fun FinalFigures?.values() = this?.let { listOf(it.accepted, it.written, it.dropped, it.lost) }

class FinalFiguresTest :
    FunSpec({
        test("the figures are read whether written as word=N, word: N, word N or N word") {
            FinalFigures.lastIn("rotolog: logs/app.log: accepted=4000 written=3990 dropped=7 lost=10").values() shouldBe
                listOf(4000L, 3990L, 7L, 10L)
            FinalFigures.lastIn("rotolog: logs/app.log closed: accepted: 4,000, written: 3,990, dropped: 7, lost: 10")
                .values() shouldBe listOf(4000L, 3990L, 7L, 10L)
            FinalFigures.lastIn("rotolog: logs/app.log: 4000 accepted, 3990 written, 7 dropped, 10 records lost")
                .values() shouldBe listOf(4000L, 3990L, 7L, 10L)
            FinalFigures.lastIn("rotolog: logs/app.log: accepted 4000 written 3990 dropped 7 lost 10").values() shouldBe
                listOf(4000L, 3990L, 7L, 10L)
        }

        test("the last line naming all four figures counts; a line missing one of them is not a final report") {
            val stderr =
                """
                rotolog: cannot write 1914 bytes to logs/app.log; keeping them and retrying: java.io.IOException: No space left on device
                rotolog: logs/app.log: accepted=10 written=10 dropped=0 lost=0
                rotolog: logs/app.log: accepted=20 written=15 dropped=1 lost=5
                rotolog: closing logs/app.log timed out; 5 records were lost, 1 dropped
                """
                    .trimIndent()
            FinalFigures.lastIn(stderr).values() shouldBe listOf(20L, 15L, 1L, 5L)
            FinalFigures.lastIn("rotolog: closing logs/app.log timed out; 4000 queued records were not written")
                .shouldBeNull()
            FinalFigures.lastIn("").shouldBeNull()
        }
    })
