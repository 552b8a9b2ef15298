package dev.rotolog.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.ZoneId

class ReadmeExamplesTest :
    FunSpec({
        test("the README's rotation and archive example builds a valid configuration with the settings it shows") {
            val file = ReadmeExamples.rotationAndArchives().files.single()
            file.rotation!!.zone shouldBe ZoneId.of("Europe/Berlin")
            file.rotation!!.maxSize shouldBe 64L * 1024 * 1024
            file.archiving.compress shouldBe true
            file.archiving.retention.archives shouldBe 48
        }
    })
