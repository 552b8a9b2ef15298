package dev.rotolog.slf4j

import com.fasterxml.jackson.databind.ObjectMapper
import dev.rotolog.LogContext
import dev.rotolog.Rotolog
import dev.rotolog.rotologConfig
import dev.rotolog.withLogContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.slf4j.helpers.BasicMarkerFactory

/** SLF4J calls through a real owner into a JSON-lines file, read back with a real JSON parser. */
class JsonAndContextTest :
    FunSpec({
        val mapper = ObjectMapper()
        afterTest { LogContext.clear() }

        fun owner(file: Path): Rotolog =
            Rotolog.start(
                rotologConfig {
                    shutdownHook = false
                    file(file) { layout = json() }
                }
            )

        test("fluent key-values, MDC fields and markers arrive as JSON fields, with hostile text intact") {
            val file = Files.createTempDirectory("rotolog-json-bridge").resolve("app.log")
            val logging = owner(file)
            val adapter =
                RotologSlf4jLogger(
                    "com.example.Api",
                    Slf4jTarget(logging.logger("com.example.Api"), logging.config.clock),
                )
            val hostile =
                "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 emoji\uD83D\uDE00 lone\uD800 sep\u2028"
            RotologMdcAdapter.put("tenant", "t\"1")
            adapter
                .atWarn()
                .addMarker(BasicMarkerFactory().getMarker("AUDIT"))
                .addKeyValue("orderId", 42)
                .addKeyValue("price", 9.5)
                .addKeyValue("paid", true)
                .addKeyValue("note", hostile)
                .addKeyValue("missing", null as Any?)
                .addKeyValue("items", listOf("a", "b"))
                .log("order {} placed", hostile)
            logging.close()

            val line = Files.readAllLines(file).single()
            val json = mapper.readTree(line)
            json["log.level"].asText() shouldBe "WARN"
            json["log.logger"].asText() shouldBe "com.example.Api"
            json["message"].asText() shouldBe "order ${hostile.replace("\uD800", "\uFFFD")} placed"
            json["tags"].map { it.asText() } shouldBe listOf("AUDIT")
            json["tenant"].asText() shouldBe "t\"1"
            json["orderId"].isInt shouldBe true
            json["orderId"].asInt() shouldBe 42
            json["price"].asDouble() shouldBe 9.5
            json["paid"].isBoolean shouldBe true
            json["note"].asText() shouldBe hostile.replace("\uD800", "\uFFFD")
            json["missing"].isNull shouldBe true
            json["items"].asText() shouldBe "[a, b]"
        }

        test("the MDC and withLogContext fields merge, and SLF4J's MDC sees the coroutine's fields on any thread") {
            val file = Files.createTempDirectory("rotolog-mdc-coroutine").resolve("app.log")
            val logging = owner(file)
            val adapter = RotologSlf4jLogger("co", Slf4jTarget(logging.logger("co"), logging.config.clock))
            RotologMdcAdapter.put("tenant", "t1")
            val seen = runBlocking {
                withLogContext("requestId" to "r1") {
                    withContext(Dispatchers.Default) {
                        yield()
                        adapter.info("inside")
                        RotologMdcAdapter.get("requestId") to RotologMdcAdapter.get("tenant")
                    }
                }
            }
            adapter.info("outside")
            logging.close()
            seen shouldBe ("r1" to "t1")
            val (inside, outside) = Files.readAllLines(file).map { mapper.readTree(it) }
            inside["tenant"].asText() shouldBe "t1"
            inside["requestId"].asText() shouldBe "r1"
            outside["tenant"].asText() shouldBe "t1"
            outside.has("requestId") shouldBe false
        }
    })
