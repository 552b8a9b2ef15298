package dev.rotolog.slf4j

import dev.rotolog.Level
import dev.rotolog.LogContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.atomic.AtomicInteger
import org.slf4j.event.EventConstants
import org.slf4j.helpers.BasicMarkerFactory

class LoggerAdapterTest :
    FunSpec({
        test("the enabled checks follow the rotolog logger's level") {
            val (adapter, _) = RecordingLogger.adapter(threshold = Level.WARN)
            listOf(
                adapter.isTraceEnabled,
                adapter.isDebugEnabled,
                adapter.isInfoEnabled,
                adapter.isWarnEnabled,
                adapter.isErrorEnabled,
            ) shouldBe listOf(false, false, false, true, true)
            adapter.isInfoEnabled(BasicMarkerFactory().getMarker("M")) shouldBe false
        }

        test("a record is stamped by the owner's clock, on the caller's thread, with the adapter's name") {
            val (adapter, recording) = RecordingLogger.adapter(name = "stamp")
            adapter.info("x")
            val record = recording.records.single()
            record.epochMillis shouldBe RecordingLogger.FIXED_CLOCK.millis()
            record.threadName shouldBe Thread.currentThread().name
            record.loggerName shouldBe "stamp"
            record.level shouldBe Level.INFO
        }

        test("the fluent API's key-values arrive structured, numbers as numbers, in order") {
            val (adapter, recording) = RecordingLogger.adapter()
            adapter
                .atInfo()
                .addKeyValue("orderId", 42)
                .addKeyValue("price", 9.5)
                .addKeyValue("user", "bob")
                .addKeyValue("none", null as Any?)
                .log("placed {}", "order")
            val record = recording.records.single()
            record.message shouldBe "placed order"
            record.keyValues shouldContainExactly
                listOf("orderId" to 42, "price" to 9.5, "user" to "bob", "none" to null)
        }

        test("a mutable key-value is turned into text when logged, not when written") {
            val (adapter, recording) = RecordingLogger.adapter()
            val items = mutableListOf("a")
            adapter.atInfo().addKeyValue("items", items).log("cart")
            items += "b"
            recording.records.single().keyValues shouldContainExactly listOf("items" to "[a]")
        }

        test("a key-value whose toString throws becomes a text saying so, and the call does not throw") {
            val (adapter, recording) = RecordingLogger.adapter()
            val evil =
                object {
                    override fun toString(): String = throw IllegalStateException("nope")
                }
            adapter.atInfo().addKeyValue("evil", evil).log("still logged")
            recording.records.single().keyValues.single().second shouldBe
                "<toString() failed: java.lang.IllegalStateException: nope>"
        }

        test("markers of the plain and fluent API are kept by name") {
            val markers = BasicMarkerFactory()
            val (adapter, recording) = RecordingLogger.adapter()
            adapter.warn(markers.getMarker("AUDIT"), "plain")
            adapter.atWarn().addMarker(markers.getMarker("A")).addMarker(markers.getMarker("B")).log("fluent")
            recording.records.map { it.markers } shouldBe listOf(listOf("AUDIT"), listOf("A", "B"))
        }

        test("the MDC is copied when the call is made; later changes do not reach the record") {
            val (adapter, recording) = RecordingLogger.adapter()
            LogContext.clear()
            RotologMdcAdapter.put("requestId", "r-1")
            adapter.info("first")
            RotologMdcAdapter.put("requestId", "r-2")
            LogContext.clear()
            recording.records.single().context shouldBe mapOf("requestId" to "r-1")
        }

        test("LocationAwareLogger integers map to levels and disabled ones are dropped before formatting") {
            val (adapter, recording) = RecordingLogger.adapter(threshold = Level.INFO)
            val formatted = AtomicInteger()
            val counted =
                object {
                    override fun toString(): String = "arg".also { formatted.incrementAndGet() }
                }
            adapter.log(null, "some.Fqcn", EventConstants.DEBUG_INT, "debug {}", arrayOf(counted), null)
            adapter.log(null, "some.Fqcn", EventConstants.ERROR_INT, "error {}", arrayOf(counted), null)
            formatted.get() shouldBe 1
            recording.records.map { it.level to it.message } shouldBe listOf(Level.ERROR to "error arg")
        }

        test("an explicit throwable wins and every argument stays an argument") {
            val (adapter, recording) = RecordingLogger.adapter()
            val explicit = RuntimeException("explicit")
            val asArgument = IllegalStateException("argument")
            adapter.log(null, null, EventConstants.WARN_INT, "got {}", arrayOf(asArgument), explicit)
            val record = recording.records.single()
            record.throwable shouldBeSameInstanceAs explicit
            record.message shouldBe "got java.lang.IllegalStateException: argument"
        }

        test("a failing argument's toString is reported in the text, as SLF4J does") {
            val (adapter, recording) = RecordingLogger.adapter()
            adapter.info(
                "value {}",
                object {
                    override fun toString(): String = throw IllegalStateException("bad")
                },
            )
            recording.records.single().message shouldBe "value [FAILED toString()]"
        }

        test("a null message is logged as the text null") {
            val (adapter, recording) = RecordingLogger.adapter()
            adapter.info(null as String?)
            adapter.info(null as String?, "x" as Any?)
            recording.records.map { it.message } shouldBe listOf("null", "null")
        }

        test("a failure inside the bridge becomes a record saying so, never an exception to the caller") {
            val failing =
                object : dev.rotolog.Logger by RecordingLogger("failing") {
                    val fallback = ArrayList<String>()

                    override fun log(record: dev.rotolog.LogRecord): Unit =
                        throw IllegalStateException("queue exploded")

                    override fun log(level: Level, throwable: Throwable?, message: String) {
                        fallback += message
                    }
                }
            val adapter = RotologSlf4jLogger("failing", Slf4jTarget(failing, RecordingLogger.FIXED_CLOCK))
            adapter.info("hello {}", "world")
            failing.fallback.single() shouldStartWith
                "<log call failed in rotolog-slf4j: java.lang.IllegalStateException: queue exploded"
        }

        test("disabled fluent calls never reach the adapter") {
            val (adapter, recording) = RecordingLogger.adapter(threshold = Level.ERROR)
            adapter.atInfo().addKeyValue("k", "v").log("nope")
            recording.records.shouldBeEmpty()
        }
    })
