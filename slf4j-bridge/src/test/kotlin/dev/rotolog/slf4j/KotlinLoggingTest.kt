package dev.rotolog.slf4j

import io.github.oshai.kotlinlogging.DelegatingKLogger
import io.github.oshai.kotlinlogging.KotlinLogging
import io.github.oshai.kotlinlogging.withLoggingContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Paths
import java.util.UUID

private val logger = KotlinLogging.logger {}

/**
 * Kotlin-logging 8 with only our provider on the class path (the test JVM's binding, set up by
 * src/test/inprocess/rotolog.properties with the pattern `%-5level %logger %msg%marker%ctx%ex%n`).
 */
class KotlinLoggingTest :
    FunSpec({
        val file = Paths.get("target/inprocess-logs/app.log")

        fun linesWith(token: String): List<String> {
            RotologServiceProvider.owner()!!.flush() shouldBe true
            return Files.readAllLines(file).filter { token in it }
        }

        test("KotlinLogging.logger {} writes under the name of the file's class, with withLoggingContext's fields") {
            val token = UUID.randomUUID().toString()
            logger.info { "plain $token" }
            withLoggingContext("requestId" to "r-42", "user" to "ann") { logger.warn { "in context $token" } }
            logger.info { "after context $token" }
            logger.debug { "disabled $token" }
            logger.atInfo {
                message = "with payload $token"
                payload = mapOf("orderId" to 7, "express" to true)
            }
            linesWith(token) shouldContainExactly
                listOf(
                    "INFO  dev.rotolog.slf4j.KotlinLoggingTest plain $token",
                    "WARN  dev.rotolog.slf4j.KotlinLoggingTest in context $token requestId=r-42 user=ann",
                    "INFO  dev.rotolog.slf4j.KotlinLoggingTest after context $token",
                    "INFO  dev.rotolog.slf4j.KotlinLoggingTest with payload $token orderId=7 express=true",
                )
        }

        test("a logger under a prefix configured at TRACE logs every level") {
            val token = UUID.randomUUID().toString()
            val traced = KotlinLogging.logger("test.all.kotlin")
            traced.trace { "t $token" }
            traced.debug { "d $token" }
            linesWith(token) shouldContainExactly
                listOf("TRACE test.all.kotlin t $token", "DEBUG test.all.kotlin d $token")
        }

        test("kotlin-logging wraps our logger as location-aware, so it hands over its caller boundary") {
            logger.javaClass.simpleName shouldBe "LocationAwareKLogger"
            (logger as DelegatingKLogger<*>).underlyingLogger!!.javaClass shouldBe RotologSlf4jLogger::class.java
        }
    })
