package dev.rotolog.slf4j

import io.github.oshai.kotlinlogging.slf4j.toKLogger
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Records do not carry a location yet, but the bridge keeps the caller boundary of every call so that location capture
 * can find the caller's frame. These tests resolve the boundary on the caller's thread, as capture will, and check that
 * it lands on the line of this file that made the call, for each way into the bridge.
 */
class CallerBoundaryTest :
    FunSpec({
        fun capture(): Pair<RotologSlf4jLogger, MutableList<StackTraceElement?>> {
            val frames = ArrayList<StackTraceElement?>()
            val (adapter, _) = RecordingLogger.adapter(callerBoundarySink = { frames += CallerFrames.callerOf(it) })
            return adapter to frames
        }

        test("plain SLF4J calls resolve to the calling line") {
            val (adapter, frames) = capture()
            val line = CallerFrames.here() + 1 // the next line makes the call
            adapter.info("a {}", 1)
            frames.single()?.fileName shouldBe "CallerBoundaryTest.kt"
            frames.single()?.lineNumber shouldBe line
        }

        test("fluent SLF4J calls resolve to the calling line") {
            val (adapter, frames) = capture()
            val line = CallerFrames.here() + 1 // the next line makes the call
            adapter.atInfo().addKeyValue("k", "v").log("a")
            frames.single()?.fileName shouldBe "CallerBoundaryTest.kt"
            frames.single()?.lineNumber shouldBe line
        }

        test("kotlin-logging calls resolve past kotlin-logging to the calling line") {
            val (adapter, frames) = capture()
            val logger = adapter.toKLogger()
            val first = CallerFrames.here() + 1 // the next line makes the call
            logger.info { "lazy" }
            val second = CallerFrames.here() + 1 // the call starts on the next line
            logger.atInfo {
                message = "with payload"
                payload = mapOf("k" to 1)
            }
            frames.map { it?.fileName } shouldBe listOf("CallerBoundaryTest.kt", "CallerBoundaryTest.kt")
            frames.map { it?.lineNumber } shouldBe listOf(first, second)
        }
    })
