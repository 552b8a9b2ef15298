package dev.rotolog.samples

import com.fasterxml.jackson.databind.ObjectMapper
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/** Runs the DSL tour on every build and checks what it promises. */
class DslTourTest :
    FunSpec({
        test("the DSL tour writes each file as configured, with every request's own context") {
            val result = DslTour.run(Files.createTempDirectory("rotolog-dsl-tour"))
            val mapper = ObjectMapper()
            val ids = (1..result.requests).map { "r$it" }

            val json = Files.readAllLines(result.json).map { mapper.readTree(it) }
            val requestRecords = json.filter { it.has("requestId") }
            // received, loaded (DEBUG, on another dispatcher) and done, each carrying its own request's fields
            requestRecords.size shouldBe 3 * result.requests
            requestRecords.forEach { record ->
                val id = record["requestId"].asText()
                record["message"].asText().contains("request $id ") shouldBe true
                record["user"].asText() shouldBe "user${id.drop(1).toInt() % 7}"
            }
            json.map { it["message"].asText() }.contains("cache statistics now visible") shouldBe true
            json.none { it["message"].asText().startsWith("not written") } shouldBe true

            val audit = Files.readAllLines(result.audit).map { mapper.readTree(it) }
            audit.map { it["requestId"].asText() } shouldContainExactlyInAnyOrder ids
            audit.all { it["log.logger"].asText() == "dev.rotolog.samples.audit.Orders" } shouldBe true

            val text = Files.readAllLines(result.text)
            text.size shouldBe json.size
            text.none { "order placed" in it } shouldBe true
            PosixFilePermissions.toString(Files.getPosixFilePermissions(result.text)) shouldBe "rw-r-----"
        }
    })
