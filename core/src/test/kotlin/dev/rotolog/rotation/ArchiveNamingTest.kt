package dev.rotolog.rotation

import dev.rotolog.PeriodUnit
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.LocalDateTime
import java.time.ZoneOffset

class ArchiveNamingTest :
    FunSpec({
        data class Row(
            val active: String,
            val unit: PeriodUnit?,
            val label: String?,
            val repeat: String?,
            val index: Int,
            val name: String,
        )

        val rows =
            listOf(
                Row("app.log", PeriodUnit.DAYS, "2026-11-21T00:00", null, 0, "app.2026-11-21.log"),
                Row("app.log", PeriodUnit.WEEKS, "2026-11-16T00:00", null, 0, "app.2026-11-16.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-11-21T14:00", null, 0, "app.2026-11-21_14.log"),
                Row("app.log", PeriodUnit.MINUTES, "2026-11-21T14:15", null, 0, "app.2026-11-21_14-15.log"),
                Row("app.log", PeriodUnit.SECONDS, "2026-11-21T14:15:07", null, 0, "app.2026-11-21_14-15-07.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-11-21T14:00", null, 1, "app.2026-11-21_14.1.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-11-21T14:00", null, 2, "app.2026-11-21_14.2.log"),
                Row("app.log", PeriodUnit.DAYS, "2026-11-21T00:00", null, 12, "app.2026-11-21.12.log"),
                Row("app.log", PeriodUnit.DAYS, "2028-02-29T00:00", null, 0, "app.2028-02-29.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-12-31T23:00", null, 0, "app.2026-12-31_23.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-11-01T01:00", "-05:00", 0, "app.2026-11-01_01-0500.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-11-01T01:00", "-05:00", 1, "app.2026-11-01_01-0500.1.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-10-25T02:00", "+01:00", 0, "app.2026-10-25_02+0100.log"),
                Row("app.log", PeriodUnit.HOURS, "2026-10-25T01:00", "Z", 0, "app.2026-10-25_01+0000.log"),
                Row("app.log", PeriodUnit.MINUTES, "2026-04-05T01:40", "+10:30", 0, "app.2026-04-05_01-40+1030.log"),
                Row(
                    "app.log",
                    PeriodUnit.SECONDS,
                    "1937-07-01T00:00:10",
                    "+00:20",
                    0,
                    "app.1937-07-01_00-00-10+0020.log",
                ),
                Row("app.log", PeriodUnit.HOURS, "1900-01-01T00:00", "+00:53:28", 0, "app.1900-01-01_00+005328.log"),
                Row("app", PeriodUnit.DAYS, "2026-11-21T00:00", null, 0, "app.2026-11-21"),
                Row("app", PeriodUnit.DAYS, "2026-11-21T00:00", null, 1, "app.2026-11-21.1"),
                Row("my.app.log", PeriodUnit.DAYS, "2026-11-21T00:00", null, 0, "my.app.2026-11-21.log"),
                Row(".hidden", PeriodUnit.DAYS, "2026-11-21T00:00", null, 0, ".hidden.2026-11-21"),
                Row("app.tar.gz", PeriodUnit.DAYS, "2026-11-21T00:00", null, 0, "app.tar.2026-11-21.gz"),
                Row("app.log", null, null, null, 1, "app.1.log"),
                Row("app.log", null, null, null, 10, "app.10.log"),
                Row("app", null, null, null, 2, "app.2"),
            )

        withTests<Row>(
            nameFn = { "${it.active} ${it.unit ?: "size only"}: ${it.name} round-trips, plain and .gz" },
            ts = rows,
        ) { row ->
            val naming = ArchiveNaming(row.active, row.unit)
            val label = row.label?.let { LocalDateTime.parse(it) }
            val repeat = row.repeat?.let { ZoneOffset.of(it) }
            naming.name(label, repeat, row.index) shouldBe row.name
            naming.parse(row.name) shouldBe ArchiveName(row.name, label, repeat, row.index, compressed = false)
            val gz = row.name + ".gz"
            naming.parse(gz) shouldBe ArchiveName(gz, label, repeat, row.index, compressed = true)
            naming.parse(gz)!!.uncompressedName shouldBe row.name
        }

        data class Foreign(val active: String, val unit: PeriodUnit?, val name: String, val why: String)

        withTests<Foreign>(
            nameFn = { "${it.active} ${it.unit ?: "size only"}: '${it.name}' is not ours (${it.why})" },
            ts =
                listOf(
                    Foreign("app.log", PeriodUnit.DAYS, "app.log", "the active file"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.log.lock", "the lock file"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.log.json", "another file of the app"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.log.9999-99-99.gz", "logrotate-like, impossible date"),
                    Foreign("app.log", PeriodUnit.DAYS, "other.log", "another log"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.log.bak", "a backup"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-13-45.log", "month 13"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2027-02-29.log", "no leap day in 2027"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.log.gz.part", "an unfinished compression"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.log.part", "a partial file"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.log.gz.gz", "compressed twice"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.0.log", "index 0 is never written"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.01.log", "leading zero"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.-1.log", "negative index"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.1234567890.log", "index too long"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21_14.log", "an hourly name"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21+0100.log", "days never carry an offset"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-2-1.log", "unpadded date"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.26-11-21.log", "two-digit year"),
                    Foreign("app.log", PeriodUnit.DAYS, "App.2026-11-21.log", "other case"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.LOG", "other case of the extension"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.log.GZ", "other case of .gz"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21.txt", "other extension"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.2026-11-21 .log", "a space"),
                    Foreign("app.log", PeriodUnit.DAYS, "app..2026-11-21.log", "two dots"),
                    Foreign("app.log", PeriodUnit.DAYS, "xapp.2026-11-21.log", "another stem"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.1.log", "a size-only name"),
                    Foreign("app.log", PeriodUnit.DAYS, "app.\u0662\u0660\u0662\u0666-11-21.log", "non-ASCII digits"),
                    Foreign("app.log", PeriodUnit.HOURS, "app.2026-11-21_24.log", "hour 24"),
                    Foreign("app.log", PeriodUnit.HOURS, "app.2026-11-21.log", "a daily name"),
                    Foreign("app.log", PeriodUnit.HOURS, "app.2026-11-21_14-0000.log", "-0000 is written +0000"),
                    Foreign("app.log", PeriodUnit.HOURS, "app.2026-11-21_14+2400.log", "offset beyond 18 hours"),
                    Foreign("app.log", PeriodUnit.HOURS, "app.2026-11-21_14+0160.log", "offset minute 60"),
                    Foreign(
                        "app.log",
                        PeriodUnit.HOURS,
                        "app.2026-11-21_14+010000.log",
                        "zero offset seconds are not written",
                    ),
                    Foreign("app.log", PeriodUnit.HOURS, "app.2026-11-21_14+01.log", "short offset"),
                    Foreign("app.log", PeriodUnit.MINUTES, "app.2026-11-21_14.log", "an hourly name"),
                    Foreign("app.log", PeriodUnit.MINUTES, "app.2026-11-21_14-60.log", "minute 60"),
                    Foreign("app.log", PeriodUnit.SECONDS, "app.2026-11-21_14-15.log", "a minute name"),
                    Foreign("app.log", PeriodUnit.SECONDS, "app.2026-11-21_14-15-61.log", "second 61"),
                    Foreign("app.log", null, "app.0.log", "size-only archives start at 1"),
                    Foreign("app.log", null, "app.01.log", "leading zero"),
                    Foreign("app.log", null, "app.-1.log", "negative"),
                    Foreign("app.log", null, "app.1.2.log", "two indices"),
                    Foreign("app.log", null, "app.log.1", "logback-style"),
                    Foreign("app.log", null, "app.2026-11-21.log", "a dated name"),
                    Foreign("app", PeriodUnit.DAYS, "app", "the active file without extension"),
                    Foreign("app", PeriodUnit.DAYS, "app.2026-11-21.log", "an extension the active file has not"),
                    Foreign("app.tar.gz", PeriodUnit.DAYS, "app.tar.gz", "the active file"),
                ),
        ) { row ->
            ArchiveNaming(row.active, row.unit).parse(row.name) shouldBe null
        }

        test("archives sort oldest first: label, first showing before the repeat, then index; numbers as numbers") {
            val hourly = ArchiveNaming("app.log", PeriodUnit.HOURS)
            val inOrder =
                listOf(
                    "app.2026-10-31_23.log",
                    "app.2026-11-01_00.log.gz",
                    "app.2026-11-01_01.log",
                    "app.2026-11-01_01.1.log",
                    "app.2026-11-01_01-0500.log.gz",
                    "app.2026-11-01_01-0500.2.log",
                    "app.2026-11-01_01-0500.10.log",
                    "app.2026-11-01_02.log",
                )
            inOrder.reversed().map { hourly.parse(it)!! }.sorted().map { it.fileName } shouldContainExactly inOrder
            val sizeOnly = ArchiveNaming("app.log", null)
            listOf("app.10.log", "app.9.log.gz", "app.2.log", "app.1.log")
                .map { sizeOnly.parse(it)!! }
                .sorted()
                .map { it.index } shouldContainExactly listOf(1, 2, 9, 10)
        }

        test("an active file that ends in .gz keeps plain and compressed archives apart") {
            val naming = ArchiveNaming("app.tar.gz", PeriodUnit.DAYS)
            naming.parse("app.tar.2026-11-21.gz")!!.compressed shouldBe false
            naming.parse("app.tar.2026-11-21.gz.gz")!!.compressed shouldBe true
        }
    })
