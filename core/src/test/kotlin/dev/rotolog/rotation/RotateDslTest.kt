package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import dev.rotolog.PeriodUnit.DAYS
import dev.rotolog.PeriodUnit.HOURS
import dev.rotolog.PeriodUnit.MINUTES
import dev.rotolog.PeriodUnit.SECONDS
import dev.rotolog.PeriodUnit.WEEKS
import dev.rotolog.RotateBuilder
import dev.rotolog.gigabytes
import dev.rotolog.kilobytes
import dev.rotolog.megabytes
import dev.rotolog.rotologConfig
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.shouldBe
import java.time.DayOfWeek
import java.time.ZoneId
import java.time.ZoneOffset

class RotateDslTest :
    FunSpec({
        test("a rotate block becomes the file target's rotation settings") {
            val config = rotologConfig {
                file("logs/app.log") {
                    rotate {
                        every(15, MINUTES)
                        zone = ZoneOffset.UTC
                        maxSize = 64.megabytes
                    }
                }
                file("logs/plain.log")
            }
            val rotation = config.files[0].rotation!!
            rotation.period shouldBe RotationPeriod(15, MINUTES)
            rotation.zone shouldBe ZoneOffset.UTC
            rotation.maxSize shouldBe 64L * 1024 * 1024
            config.files[1].rotation shouldBe null
        }

        test("the zone defaults to the system zone, weeks to Monday; size alone and period alone are allowed") {
            val config = rotologConfig {
                file("a.log") { rotate { every(1, WEEKS) } }
                file("b.log") { rotate { maxSize = 10.kilobytes } }
                file("c.log") {
                    rotate {
                        every(1, WEEKS)
                        weekStart = DayOfWeek.SUNDAY
                    }
                }
            }
            config.files[0].rotation!!.zone shouldBe ZoneId.systemDefault()
            config.files[0].rotation!!.period!!.firstDayOfWeek shouldBe DayOfWeek.MONDAY
            config.files[1].rotation!!.period shouldBe null
            config.files[1].rotation!!.maxSize shouldBe 10_240L
            config.files[2].rotation!!.period!!.firstDayOfWeek shouldBe DayOfWeek.SUNDAY
        }

        test("size helpers are binary multiples and do not overflow") {
            1.kilobytes shouldBe 1024L
            3.megabytes shouldBe 3L * 1024 * 1024
            3.gigabytes shouldBe 3L * 1024 * 1024 * 1024
        }

        data class Bad(val block: RotateBuilder.() -> Unit, val message: String)

        withTests<Bad>(
            nameFn = { "rejected: ${it.message}" },
            ts =
                listOf(
                    Bad(
                        { every(7, HOURS) },
                        "rotate.every: 7 HOURS does not divide a day evenly; use 1, 2, 3, 4, 6, 8 or 12",
                    ),
                    Bad(
                        { every(24, HOURS) },
                        "rotate.every: 24 HOURS does not divide a day evenly; use 1, 2, 3, 4, 6, 8 or 12",
                    ),
                    Bad(
                        { every(0, HOURS) },
                        "rotate.every: 0 HOURS is not a positive amount; use 1, 2, 3, 4, 6, 8 or 12",
                    ),
                    Bad(
                        { every(7, MINUTES) },
                        "rotate.every: 7 MINUTES does not divide an hour evenly; use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30",
                    ),
                    Bad(
                        { every(60, SECONDS) },
                        "rotate.every: 60 SECONDS does not divide a minute evenly; use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30",
                    ),
                    Bad(
                        { every(-5, SECONDS) },
                        "rotate.every: -5 SECONDS is not a positive amount; use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30",
                    ),
                    Bad(
                        { every(2, DAYS) },
                        "rotate.every: 2 DAYS is not supported; use 1 DAYS (days have no aligned grid of more than one)",
                    ),
                    Bad(
                        { every(2, WEEKS) },
                        "rotate.every: 2 WEEKS is not supported; use 1 WEEKS (weeks have no aligned grid of more than one)",
                    ),
                    Bad(
                        { maxSize = 0 },
                        "rotate.maxSize: 0 is not allowed; use a positive number of bytes such as 64.megabytes",
                    ),
                    Bad(
                        {
                            every(1, HOURS)
                            maxSize = -1
                        },
                        "rotate.maxSize: -1 is not allowed; use a positive number of bytes such as 64.megabytes",
                    ),
                    Bad(
                        { zone = ZoneOffset.UTC },
                        "rotate: neither every(...) nor maxSize is set; set a period, a size limit or both",
                    ),
                ),
        ) { bad ->
            val failure =
                shouldThrow<IllegalArgumentException> { rotologConfig { file("logs/app.log") { rotate(bad.block) } } }
            failure.message shouldBe "file(\"logs/app.log\").${bad.message}"
        }

        test("every allowed amount is accepted") {
            for (unit in PeriodUnit.entries) {
                for (amount in RotationPeriod.allowedAmounts(unit)) {
                    rotologConfig { file("x.log") { rotate { every(amount, unit) } } }
                        .files[0]
                        .rotation!!
                        .period!!
                        .amount shouldBe amount
                }
            }
        }
    })
