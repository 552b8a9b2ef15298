package dev.rotolog.samples

import dev.rotolog.Level
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.debug
import dev.rotolog.gigabytes
import dev.rotolog.info
import dev.rotolog.megabytes
import dev.rotolog.rotolog
import dev.rotolog.rotologConfig
import java.time.ZoneId
import kotlin.time.Duration.Companion.days

/**
 * The README's Kotlin examples, kept here so that the build compiles them: if the API changes under the README, this
 * file stops compiling. Keep the two in step.
 */
internal object ReadmeExamples {
    fun minimal() {
        val logging = rotolog {
            level = Level.INFO
            logger("com.example.db") { level = Level.DEBUG }
            file("logs/app.log") { overflow = OverflowPolicy.BLOCK }
        }
        val log = logging.logger("com.example.App")
        log.info { "started" }
        log.debug { "not written: below INFO" }
        logging.close() // also done by a JVM shutdown hook
    }

    fun rotationAndArchives() = rotologConfig {
        file("logs/app.log") {
            rotate {
                every(1, PeriodUnit.HOURS)
                zone = ZoneId.of("Europe/Berlin")
                maxSize = 64.megabytes
            }
            compress = true
            keep {
                archives = 48
                maxAge = 30.days
                totalSize = 2.gigabytes
            }
        }
    }
}
