package dev.rotolog

import dev.rotolog.layout.PatternLayout
import dev.rotolog.writer.startWith
import dev.rotolog.writer.tempLogFile
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

class CoroutineLogContextTest :
    FunSpec({
        afterTest { LogContext.clear() }

        test(
            "10,000 coroutines on four threads each log only their own fields, across suspensions and thread switches"
        ) {
            val coroutines = 10_000
            val threads = 4
            val file = tempLogFile("rotolog-coroutines")
            val logging =
                startWith(
                    rotologConfig {
                        shutdownHook = false
                        file(file) { layout = PatternLayout("%X{cid}|%X{phase}|%X{shared}|%msg%n") }
                    }
                )
            val log = logging.logger("co")
            val executor = Executors.newFixedThreadPool(threads) { Thread(it, "co-pool").apply { isDaemon = true } }
            val pool = executor.asCoroutineDispatcher()
            val switchedThreads = AtomicInteger()
            runBlocking(pool) {
                withLogContext("shared" to "s") {
                    repeat(coroutines) { i ->
                        launch {
                            withLogContext("cid" to "c$i") {
                                val started = Thread.currentThread()
                                log.info { "c$i 0" }
                                yield()
                                log.info { "c$i 1" }
                                withLogContext("phase" to "p$i") {
                                    yield()
                                    log.suspending.info { "c$i 2" }
                                }
                                yield()
                                log.info { "c$i 3" }
                                if (Thread.currentThread() !== started) switchedThreads.incrementAndGet()
                            }
                        }
                    }
                }
            }
            logging.close()

            // The scenario really happened: coroutines resumed on other threads than they started on.
            switchedThreads.get() shouldBeGreaterThan 0
            val lines = Files.readAllLines(file)
            lines.size shouldBe coroutines * 4
            val seen = HashSet<String>()
            val wrong = ArrayList<String>()
            for (line in lines) {
                val (cid, phase, shared, message) = line.split('|')
                val (id, step) = message.split(' ')
                val expectedPhase = if (step == "2") "p${id.drop(1)}" else ""
                if (cid != id || phase != expectedPhase || shared != "s") wrong += line
                seen += message
            }
            wrong.take(5).shouldBeEmpty()
            seen.size shouldBe coroutines * 4

            // No coroutine's fields stay behind on a pool thread: a barrier puts one task on each thread.
            val barrier = CyclicBarrier(threads)
            val leftovers =
                (1..threads).map {
                    executor.submit<Map<String, String>> {
                        barrier.await(30, TimeUnit.SECONDS)
                        LogContext.snapshot()
                    }
                }
            leftovers.forEach { it.get(30, TimeUnit.SECONDS).shouldBeEmpty() }
            executor.shutdown()
        }

        test(
            "withLogContext adds to the thread's fields, replaces a field of the same name inside, and restores outside"
        ) {
            LogContext.put("app", "a")
            LogContext.put("requestId", "outer")
            runBlocking {
                withLogContext("requestId" to "inner", "user" to "u") {
                    LogContext.snapshot() shouldBe mapOf("app" to "a", "requestId" to "inner", "user" to "u")
                    withContext(Dispatchers.IO) {
                        LogContext.snapshot() shouldBe mapOf("app" to "a", "requestId" to "inner", "user" to "u")
                    }
                    withLogContext(mapOf("step" to "2")) {
                        LogContext.snapshot()["step"] shouldBe "2"
                        LogContext.snapshot()["requestId"] shouldBe "inner"
                    }
                    LogContext.snapshot()["step"] shouldBe null
                }
                LogContext.snapshot() shouldBe mapOf("app" to "a", "requestId" to "outer")
            }
            LogContext.snapshot() shouldBe mapOf("app" to "a", "requestId" to "outer")
        }

        test("LogContextElement() carries the current thread's fields into a coroutine on another dispatcher") {
            LogContext.put("job", "nightly")
            val seen = runBlocking {
                CoroutineScope(Dispatchers.Default)
                    .async(LogContextElement()) {
                        yield()
                        LogContext.snapshot()
                    }
                    .await()
            }
            seen shouldBe mapOf("job" to "nightly")
            // A coroutine without the element does not see them.
            runBlocking { withContext(Dispatchers.Default) { LogContext.snapshot()["job"] } } shouldBe null
        }

        test("the element's fields cannot be changed through the map it was given") {
            val source = linkedMapOf("k" to "v")
            val element = LogContextElement(source)
            source["k"] = "changed"
            element.fields shouldBe mapOf("k" to "v")
        }
    })
