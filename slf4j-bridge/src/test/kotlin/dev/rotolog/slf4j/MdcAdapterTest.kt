package dev.rotolog.slf4j

import dev.rotolog.LogContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.Executors

class MdcAdapterTest :
    FunSpec({
        val mdc = RotologMdcAdapter

        // Thread-local state: reset on the thread that runs the test body, before and after it.
        fun isolated(body: () -> Unit) {
            fun reset() {
                LogContext.clear()
                for (key in listOf("op", "requestId")) mdc.clearDequeByKey(key)
            }
            reset()
            try {
                body()
            } finally {
                reset()
            }
        }

        test("MDC and rotolog's LogContext are the same fields") {
            isolated {
                mdc.put("fromJava", "1")
                LogContext.put("fromKotlin", "2")
                LogContext.snapshot() shouldBe mapOf("fromJava" to "1", "fromKotlin" to "2")
                mdc.get("fromKotlin") shouldBe "2"
                mdc.remove("fromJava")
                LogContext.snapshot() shouldBe mapOf("fromKotlin" to "2")
            }
        }

        test("put with a null value removes the key; setContextMap skips null values") {
            isolated {
                mdc.put("a", "1")
                mdc.put("a", null)
                mdc.get("a").shouldBeNull()
                mdc.setContextMap(mapOf("b" to "2", "c" to null))
                LogContext.snapshot() shouldBe mapOf("b" to "2")
            }
        }

        test("the copy of the context map is a copy") {
            isolated {
                mdc.put("a", "1")
                val copy = mdc.copyOfContextMap
                copy["a"] = "changed"
                mdc.get("a") shouldBe "1"
            }
        }

        test("without deques a record takes the context snapshot itself, no copy") {
            isolated {
                mdc.put("a", "1")
                mdc.contextForRecord() shouldBeSameInstanceAs LogContext.snapshot()
            }
        }

        test("deques push and pop newest first and show in records oldest first") {
            isolated {
                mdc.pushByKey("op", "outer")
                mdc.pushByKey("op", "inner")
                mdc.getCopyOfDequeByKey("op")!!.toList() shouldBe listOf("inner", "outer")
                mdc.contextForRecord() shouldBe mapOf("op" to "[outer, inner]")
                mdc.popByKey("op") shouldBe "inner"
                mdc.contextForRecord() shouldBe mapOf("op" to "[outer]")
                mdc.popByKey("op") shouldBe "outer"
                mdc.popByKey("op").shouldBeNull()
                mdc.contextForRecord() shouldBe emptyMap()
            }
        }

        test("a copied deque is independent, and clearDequeByKey removes the deque") {
            isolated {
                mdc.pushByKey("op", "x")
                mdc.getCopyOfDequeByKey("op")!!.push("not in the MDC")
                mdc.getCopyOfDequeByKey("op")!!.toList() shouldBe listOf("x")
                mdc.clearDequeByKey("op")
                mdc.getCopyOfDequeByKey("op").shouldBeNull()
                mdc.getCopyOfDequeByKey("never").shouldBeNull()
            }
        }

        test(
            "a deque emptied by popByKey or clearDequeByKey is removed, so a thread keeps none for keys no longer used"
        ) {
            isolated {
                repeat(1_000) { i ->
                    mdc.pushByKey("op-$i", "a")
                    mdc.pushByKey("op-$i", "b")
                    mdc.popByKey("op-$i")
                    mdc.popByKey("op-$i")
                }
                mdc.dequeKeyCount() shouldBe 0
                mdc.pushByKey("kept", "1")
                mdc.pushByKey("popped", "2")
                mdc.pushByKey("cleared", "3")
                mdc.popByKey("popped") shouldBe "2"
                mdc.clearDequeByKey("cleared")
                mdc.dequeKeyCount() shouldBe 1
                mdc.getCopyOfDequeByKey("popped").shouldBeNull()
                mdc.popByKey("kept") shouldBe "1"
                mdc.dequeKeyCount() shouldBe 0
            }
        }

        test("a map field wins over a deque of the same key; deques are not in the map copy and survive clear") {
            isolated {
                mdc.pushByKey("requestId", "from-deque")
                mdc.put("requestId", "from-map")
                mdc.contextForRecord() shouldBe mapOf("requestId" to "from-map")
                mdc.copyOfContextMap shouldBe mapOf("requestId" to "from-map")
                mdc.clear()
                mdc.contextForRecord() shouldBe mapOf("requestId" to "[from-deque]")
            }
        }

        test("fields and deques belong to their thread") {
            isolated {
                mdc.put("a", "1")
                mdc.pushByKey("op", "here")
                val pool = Executors.newSingleThreadExecutor()
                try {
                    pool.submit<Map<String, String>> { mdc.contextForRecord() }.get() shouldBe emptyMap()
                } finally {
                    pool.shutdown()
                }
            }
        }
    })
