package dev.rotolog.archive

import dev.rotolog.PeriodUnit.HOURS
import dev.rotolog.gigabytes
import dev.rotolog.kilobytes
import dev.rotolog.rotologConfig
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.minutes

class ArchiveDslTest :
    FunSpec({
        test("keep {}, compress and compressionDelay become the file target's archive settings") {
            val config = rotologConfig {
                file("logs/app.log") {
                    rotate { every(1, HOURS) }
                    keep {
                        archives = 48
                        maxAge = 30.days
                        totalSize = 2.gigabytes
                    }
                    compress = true
                    compressionDelay = 5.minutes
                }
                file("logs/plain.log") { rotate { every(1, HOURS) } }
            }
            val archiving = config.files[0].archiving
            archiving.compress shouldBe true
            archiving.compressionDelay shouldBe 5.minutes
            archiving.retention shouldBe Retention(48, 30.days, 2L * 1024 * 1024 * 1024)
            // The defaults: nothing compressed, every archive kept, no archiver needed.
            config.files[1].archiving shouldBe ArchiveSettings.NONE
            config.files[1].archiving.active shouldBe false
        }

        test("retention alone, without compression, still needs an archiver") {
            val config = rotologConfig {
                file("a.log") {
                    rotate { maxSize = 10.kilobytes }
                    keep { archives = 5 }
                }
            }
            config.files[0].archiving.active shouldBe true
            config.files[0].archiving.compress shouldBe false
        }

        class Bad(val name: String, val message: String, val block: dev.rotolog.FileTargetBuilder.() -> Unit)

        withData(
            nameFn = { "${it.name} fails with: ${it.message}" },
            Bad(
                "compress without rotate",
                "file(\"a.log\").compress: true needs rotate { }; a file that never rotates has no archives to compress",
                { compress = true },
            ),
            Bad(
                "keep without rotate",
                "file(\"a.log\").keep: needs rotate { }; a file that never rotates has no archives to keep",
                { keep { archives = 3 } },
            ),
            Bad(
                "zero archives",
                "file(\"a.log\").keep.archives: 0 is not allowed; use 1 or more (to keep no archives, do not rotate)",
                {
                    rotate { every(1, HOURS) }
                    keep { archives = 0 }
                },
            ),
            Bad(
                "negative max age",
                "file(\"a.log\").keep.maxAge: -1d is not allowed; use a positive, finite duration such as 30.days",
                {
                    rotate { every(1, HOURS) }
                    keep { maxAge = (-1).days }
                },
            ),
            Bad(
                "max age on size-only rotation",
                "file(\"a.log\").keep.maxAge: needs a time period in rotate { every(...) }; size-only archive names carry no date",
                {
                    rotate { maxSize = 10.kilobytes }
                    keep { maxAge = 1.days }
                },
            ),
            Bad(
                "zero total size",
                "file(\"a.log\").keep.totalSize: 0 is not allowed; use a positive number of bytes such as 2.gigabytes",
                {
                    rotate { every(1, HOURS) }
                    keep { totalSize = 0 }
                },
            ),
            Bad(
                "infinite compression delay",
                "file(\"a.log\").compressionDelay: Infinity is not allowed; use zero or a positive, finite duration",
                {
                    rotate { every(1, HOURS) }
                    compress = true
                    compressionDelay = Duration.INFINITE
                },
            ),
        ) { bad ->
            shouldThrow<IllegalArgumentException> { rotologConfig { file("a.log", bad.block) } }.message shouldBe
                bad.message
        }
    })
