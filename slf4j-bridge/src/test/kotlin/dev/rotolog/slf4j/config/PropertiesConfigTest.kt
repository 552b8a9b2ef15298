package dev.rotolog.slf4j.config

import dev.rotolog.ConsoleStream
import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.config.ValueTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.nio.file.Paths
import java.nio.file.attribute.PosixFilePermissions
import java.time.DayOfWeek
import java.time.ZoneId
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class PropertiesConfigTest :
    FunSpec({
        fun problemsOf(vararg entries: Pair<String, String>): List<String> {
            val e = shouldThrow<IllegalArgumentException> { PropertiesConfig.parse(entries.toMap(), "test.properties") }
            return e.message!!.lines().drop(1).map { it.removePrefix("  - ") }
        }

        val targetKeys =
            "layout, pattern, pattern.TRACE, pattern.DEBUG, pattern.INFO, pattern.WARN, pattern.ERROR, zone, " +
                "escapeLineBreaks, level, loggers, excludeLoggers, overflow, queueCapacity, blockTimeout, closeTimeout"
        val fileKeys =
            "path, $targetKeys, durability, maxBatchRecords, permissions, rotate.every, rotate.zone, " +
                "rotate.weekStart, rotate.maxSize, compress, compressionDelay, keep.archives, keep.maxAge, keep.totalSize"
        val consoleKeys = "stream, $targetKeys"
        val topKeys =
            "level, shutdownHook, processKey, logger.<name prefix>, file.<target name>.<setting>, " +
                "console.<target name>.<setting>"
        val patternWords =
            "use %d, %date, %thread, %t, %logger, %c, %msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%"
        val prefixRule = "is not a logger name prefix; use dot-separated names without spaces, such as com.example.db"
        val levels = "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"
        val path = "file.main.path" to "logs/app.log"

        context("every wrong key or value fails with a message naming the key, the value and what is allowed") {
            withData(
                nameFn = { it.first.joinToString() },
                // top level
                listOf("levle" to "INFO") to "unknown key \"levle\"; did you mean \"level\"? Known keys: $topKeys",
                listOf("colour" to "red") to "unknown key \"colour\". Known keys: $topKeys",
                listOf("level" to "LOUD") to "level = \"LOUD\" is not allowed; use $levels",
                listOf("shutdownHook" to "yes") to "shutdownHook = \"yes\" is not allowed; use true or false",
                // loggers
                listOf("logger." to "DEBUG") to
                    "key \"logger.\" names no logger; use logger.<name prefix>, e.g. logger.com.example.db = DEBUG",
                listOf("logger.com.example" to "VERBOSE") to
                    "logger.com.example = \"VERBOSE\" is not allowed; use $levels",
                // the shape of file keys
                listOf("file.main" to "logs/app.log") to
                    "key \"file.main\" is incomplete; a file target setting is file.<target name>.<setting>, e.g. file.main.path = logs/app.log",
                listOf("file..path" to "logs/app.log") to
                    "key \"file..path\" is incomplete; a file target setting is file.<target name>.<setting>, e.g. file.main.path = logs/app.log",
                listOf("file.main." to "x") to
                    "key \"file.main.\" is incomplete; a file target setting is file.<target name>.<setting>, e.g. file.main.path = logs/app.log",
                listOf("file.main.pattern" to "%msg%n") to
                    "file.main.path is missing; every file target needs one, e.g. file.main.path = logs/app.log",
                listOf("file.main.path" to "") to
                    "file.main.path = \"\" is not allowed; use a file path such as logs/app.log",
                listOf("file.main.path" to "a\u0000b") to
                    "file.main.path = \"a\u0000b\" is not allowed; use a file path such as logs/app.log",
                listOf(path, "file.main.overfow" to "DROP") to
                    "unknown key \"file.main.overfow\"; did you mean \"overflow\"? A file target knows: $fileKeys",
                listOf(path, "file.main.queuecapacity" to "10") to
                    "unknown key \"file.main.queuecapacity\"; did you mean \"queueCapacity\"? A file target knows: $fileKeys",
                listOf(path, "file.main.colour" to "red") to
                    "unknown key \"file.main.colour\". A file target knows: $fileKeys",
                // values of file settings
                listOf(path, "file.main.pattern" to "") to
                    "file.main.pattern = \"\" is not allowed; use a non-empty text",
                listOf(path, "file.main.zone" to "Mars/Olympus") to
                    "file.main.zone = \"Mars/Olympus\" is not allowed; use a zone id such as UTC, Europe/Berlin or +01:00",
                listOf(path, "file.main.escapeLineBreaks" to "sometimes") to
                    "file.main.escapeLineBreaks = \"sometimes\" is not allowed; use true or false",
                listOf(path, "file.main.overflow" to "WAIT") to
                    "file.main.overflow = \"WAIT\" is not allowed; use one of SUSPEND, BLOCK, DROP",
                listOf(path, "file.main.queueCapacity" to "ten") to
                    "file.main.queueCapacity = \"ten\" is not allowed; use a whole number such as 65536",
                listOf(path, "file.main.queueCapacity" to "_1") to
                    "file.main.queueCapacity = \"_1\" is not allowed; use a whole number such as 65536",
                listOf(path, "file.main.queueCapacity" to "99999999999") to
                    "file.main.queueCapacity = \"99999999999\" is not allowed; use a whole number such as 65536",
                listOf(path, "file.main.blockTimeout" to "5 parsecs") to
                    "file.main.blockTimeout = \"5 parsecs\" is not allowed; use a duration such as 500ms, 5s, 2m or PT5S",
                listOf(path, "file.main.durability" to "DISK") to
                    "file.main.durability = \"DISK\" is not allowed; use one of PROCESS_CRASH, POWER_LOSS",
                listOf(path, "file.main.maxBatchRecords" to "many") to
                    "file.main.maxBatchRecords = \"many\" is not allowed; use a whole number such as 65536",
                listOf(path, "file.main.closeTimeout" to "soon") to
                    "file.main.closeTimeout = \"soon\" is not allowed; use a duration such as 500ms, 5s, 2m or PT5S",
                // ranges, checked by the core builder and reported under the target's keys
                listOf(path, "file.main.queueCapacity" to "0") to
                    "file.main.queueCapacity: 0 is out of range; use 1 to 16777216",
                listOf(path, "file.main.maxBatchRecords" to "0") to
                    "file.main.maxBatchRecords: 0 is out of range; use 1 to 16777216",
                listOf(path, "file.main.blockTimeout" to "0s") to
                    "file.main.blockTimeout: 0s is not allowed; use a positive, finite duration",
                listOf(path, "file.main.closeTimeout" to "-1s") to
                    "file.main.closeTimeout: -1s is not allowed; use a positive, finite duration",
                listOf(path, "file.main.closeTimeout" to "Infinity") to
                    "file.main.closeTimeout: Infinity is not allowed; use a positive, finite duration",
                listOf(path, "file.main.pattern" to "%msg %q%n") to
                    "file.main.pattern: '%q' at position 5 in \"%msg %q%n\" is not known; use %d, %date, %thread, %t, %logger, " +
                        "%c, %msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%",
                // rotation, permissions, per-level patterns, routing and target levels
                listOf(path, "file.main.rotate.every" to "hourly") to
                    "file.main.rotate.every = \"hourly\" is not allowed; use an amount and a unit such as 1 HOURS, 15 MINUTES " +
                        "or 1 DAYS (units: SECONDS, MINUTES, HOURS, DAYS, WEEKS)",
                listOf(path, "file.main.rotate.every" to "1 FORTNIGHT") to
                    "file.main.rotate.every = \"1 FORTNIGHT\" is not allowed; use an amount and a unit such as 1 HOURS, " +
                        "15 MINUTES or 1 DAYS (units: SECONDS, MINUTES, HOURS, DAYS, WEEKS)",
                listOf(path, "file.main.rotate.every" to "7 hours") to
                    "file.main.rotate.every: 7 HOURS does not divide a day evenly; use 1, 2, 3, 4, 6, 8 or 12",
                listOf(path, "file.main.rotate.zone" to "Atlantis") to
                    "file.main.rotate.zone = \"Atlantis\" is not allowed; use a zone id such as UTC, Europe/Berlin or +01:00",
                listOf(path, "file.main.rotate.weekStart" to "FUNDAY") to
                    "file.main.rotate.weekStart = \"FUNDAY\" is not allowed; use one of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, " +
                        "FRIDAY, SATURDAY, SUNDAY",
                listOf(path, "file.main.rotate.maxSize" to "64 parsecs") to
                    "file.main.rotate.maxSize = \"64 parsecs\" is not allowed; use a size such as 64MB, 512KB, 1GB or a number of bytes",
                listOf(path, "file.main.rotate.maxSize" to "99999999999GB") to
                    "file.main.rotate.maxSize = \"99999999999GB\" is not allowed; use a size such as 64MB, 512KB, 1GB or a number of bytes",
                listOf(path, "file.main.rotate.maxSize" to "0") to
                    "file.main.rotate.maxSize: 0 is not allowed; use a positive number of bytes such as 64.megabytes",
                listOf(path, "file.main.rotate.zone" to "UTC") to
                    "file.main.rotate: neither rotate.every nor rotate.maxSize is set; set a period, a size limit or both",
                // compression and retention
                listOf(path, "file.main.compress" to "gzip") to
                    "file.main.compress = \"gzip\" is not allowed; use true or false",
                listOf(path, "file.main.compress" to "true") to COMPRESS_WITHOUT_ROTATE,
                listOf(path, "file.main.rotate.every" to "1 hours", "file.main.keep.archives" to "0") to
                    "file.main.keep.archives: 0 is not allowed; use 1 or more (to keep no archives, do not rotate)",
                listOf(path, "file.main.rotate.every" to "1 hours", "file.main.keep.archives" to "many") to
                    "file.main.keep.archives = \"many\" is not allowed; use a whole number such as 65536",
                listOf(path, "file.main.rotate.maxSize" to "1MB", "file.main.keep.maxAge" to "30d") to
                    MAX_AGE_NEEDS_PERIOD,
                listOf(path, "file.main.rotate.every" to "1 hours", "file.main.keep.totalSize" to "lots") to
                    "file.main.keep.totalSize = \"lots\" is not allowed; use a size such as 64MB, 512KB, 1GB or a number of bytes",
                listOf(path, "file.main.permissions" to "rw-rw-rw-x") to
                    "file.main.permissions: \"rw-rw-rw-x\" is not a file mode; use nine characters of r, w, x and - as ls -l " +
                        "shows them (rw-r-----) or three octal digits (640)",
                listOf(path, "file.main.permissions" to "400") to
                    "file.main.permissions: \"400\" is not allowed; the owner must be able to read and write the file " +
                        "(rw- for the owner), e.g. rw-r-----",
                listOf(path, "file.main.pattern.ERROR" to "%msg %oops") to
                    "file.main.pattern.ERROR: '%oops' at position 5 in \"%msg %oops\" is not known; $patternWords",
                listOf(path, "file.main.pattern.OFF" to "%msg") to
                    "unknown key \"file.main.pattern.OFF\". A file target knows: $fileKeys",
                listOf(path, "file.main.pattern.WARN" to "") to
                    "file.main.pattern.WARN = \"\" is not allowed; use a non-empty text",
                listOf(path, "file.main.layout" to "xml") to
                    "file.main.layout = \"xml\" is not allowed; use pattern or json",
                listOf(path, "file.main.layout" to "json", "file.main.pattern" to "%msg%n") to
                    "file.main.pattern applies to the pattern layout, but file.main.layout = json; remove one of them",
                listOf(path, "file.main.level" to "LOUD") to "file.main.level = \"LOUD\" is not allowed; use $levels",
                listOf(path, "file.main.loggers" to "com.example,,org.acme") to
                    "file.main.loggers = \"com.example,,org.acme\" is not allowed; use comma-separated logger name prefixes " +
                        "such as com.example.audit, com.example.security",
                listOf(path, "file.main.loggers" to "com.example.") to
                    "file.main.loggers: \"com.example.\" $prefixRule",
                listOf(path, "file.main.excludeLoggers" to "a b") to "file.main.excludeLoggers: \"a b\" $prefixRule",
                listOf("file.main.path" to "logs/{user}.log") to
                    "file.main: {user} in \"logs/{user}.log\" is not known; use {pid}, {host}, {key}",
                // console targets
                listOf("console.err.stream" to "PRINTER") to
                    "console.err.stream = \"PRINTER\" is not allowed; use one of STDOUT, STDERR",
                listOf("console.err.path" to "x.log") to
                    "unknown key \"console.err.path\". A console target knows: $consoleKeys",
                listOf("console.err" to "STDERR") to
                    "key \"console.err\" is incomplete; a console target setting is console.<target name>.<setting>, " +
                        "e.g. console.main.stream = STDOUT",
                listOf("console.err.queueCapacity" to "0") to
                    "console.err.queueCapacity: 0 is out of range; use 1 to 16777216",
                listOf("console.err.pattern" to "%bad") to
                    "console.err.pattern: '%bad' at position 0 in \"%bad\" is not known; $patternWords",
                // two targets, one file
                listOf("file.a.path" to "logs/same.log", "file.b.path" to "logs/./same.log") to
                    "file.a.path and file.b.path both name ${Paths.get("logs/same.log").toAbsolutePath()}; configure each file once",
            ) { (entries, expected) ->
                problemsOf(*entries.toTypedArray()) shouldBe listOf(expected)
            }
        }

        test("every problem is reported at once, under a header naming the source and the count") {
            val e =
                shouldThrow<IllegalArgumentException> {
                    PropertiesConfig.parse(
                        mapOf("level" to "LOUD", "file.main.path" to "x.log", "file.main.queueCapacity" to "ten"),
                        "/etc/app/rotolog.properties",
                    )
                }
            e.message shouldBe
                "rotolog: invalid configuration in /etc/app/rotolog.properties (2 problems):\n" +
                    "  - file.main.queueCapacity = \"ten\" is not allowed; use a whole number such as 65536\n" +
                    "  - level = \"LOUD\" is not allowed; use $levels"
        }

        test(
            "every key reaches the configuration; values are trimmed, enums case-insensitive, numbers may use underscores"
        ) {
            val config =
                PropertiesConfig.parse(
                    mapOf(
                        "level" to " warn ",
                        "shutdownHook" to "FALSE",
                        "logger.com.example.db" to "debug",
                        "logger.com.example" to "ERROR",
                        "file.main.path" to "logs/main.log",
                        "file.main.pattern" to "%d %level %msg%n",
                        "file.main.zone" to "UTC",
                        "file.main.escapeLineBreaks" to "false",
                        "file.main.overflow" to "drop",
                        "file.main.queueCapacity" to "65_536",
                        "file.main.blockTimeout" to "250ms",
                        "file.main.durability" to "power_loss",
                        "file.main.maxBatchRecords" to "100",
                        "file.main.closeTimeout" to "PT3S",
                        "file.audit.path" to "logs/audit.log",
                        "file.audit.closeTimeout" to "1m 30s",
                    ),
                    "test",
                )
            config.rootLevel shouldBe Level.WARN
            config.shutdownHook shouldBe false
            config.loggerLevels shouldBe mapOf("com.example.db" to Level.DEBUG, "com.example" to Level.ERROR)
            val (audit, main) = config.files
            main.path shouldBe Paths.get("logs/main.log")
            main.overflow shouldBe OverflowPolicy.DROP
            main.queueCapacity shouldBe 65_536
            main.blockTimeout shouldBe 250.milliseconds
            main.durability shouldBe Durability.POWER_LOSS
            main.maxBatchRecords shouldBe 100
            main.closeTimeout shouldBe 3.seconds
            val text = StringBuilder()
            main.layout.format(LogRecord(0L, Level.INFO, "x", "two\nlines"), text)
            text.toString() shouldBe "1970-01-01T00:00:00.000+00:00 INFO two\nlines\n"
            audit.path shouldBe Paths.get("logs/audit.log")
            audit.closeTimeout shouldBe 90.seconds
        }

        test("the keys for compression and retention reach the configuration") {
            val config =
                PropertiesConfig.parse(
                    mapOf(
                        "file.main.path" to "logs/app.log",
                        "file.main.rotate.every" to "1 hours",
                        "file.main.compress" to "true",
                        "file.main.compressionDelay" to "30s",
                        "file.main.keep.archives" to "48",
                        "file.main.keep.maxAge" to "PT720H",
                        "file.main.keep.totalSize" to "2GB",
                    ),
                    "test",
                )
            val archiving = config.files.single().archiving
            archiving.compress shouldBe true
            archiving.compressionDelay shouldBe 30.seconds
            archiving.retention.archives shouldBe 48
            archiving.retention.maxAge shouldBe kotlin.time.Duration.parse("720h")
            archiving.retention.totalSize shouldBe 2L * 1024 * 1024 * 1024
        }

        test(
            "the keys for rotation, permissions, per-level patterns, JSON, routing, levels and consoles reach the configuration"
        ) {
            val config =
                PropertiesConfig.parse(
                    mapOf(
                        "processKey" to "w/1",
                        "file.main.path" to "logs/app-{key}.log",
                        "file.main.rotate.every" to "15 minutes",
                        "file.main.rotate.zone" to "UTC",
                        "file.main.rotate.maxSize" to "64MB",
                        "file.main.permissions" to "rw-r-----",
                        "file.main.pattern" to "%level %msg%n",
                        "file.main.pattern.ERROR" to "E %msg%n",
                        "file.main.zone" to "UTC",
                        "file.main.level" to "debug",
                        "file.main.excludeLoggers" to "com.example.audit",
                        "file.audit.path" to "logs/audit.log",
                        "file.audit.layout" to "JSON",
                        "file.audit.zone" to "Europe/Berlin",
                        "file.audit.loggers" to "com.example.audit, com.example.security",
                        "file.weekly.path" to "logs/weekly.log",
                        "file.weekly.rotate.every" to "1 week",
                        "file.weekly.rotate.weekStart" to "sunday",
                        "console.err.stream" to "stderr",
                        "console.err.level" to "WARN",
                        "console.out.pattern" to "%msg%n",
                    ),
                    "test",
                )
            config.processKey shouldBe "w/1"
            val (audit, main, weekly) = config.files
            main.path shouldBe Paths.get("logs/app-w_2f1.log")
            main.pathTemplate shouldBe "logs/app-{key}.log"
            main.rotation!!.period!!.amount shouldBe 15
            main.rotation.period.unit shouldBe PeriodUnit.MINUTES
            main.rotation.zone shouldBe ZoneId.of("UTC")
            main.rotation.maxSize shouldBe 64L * 1024 * 1024
            main.permissions!!.let { PosixFilePermissions.toString(it) } shouldBe "rw-r-----"
            main.level shouldBe Level.DEBUG
            main.excludedLoggers shouldBe setOf("com.example.audit")
            fun format(layout: dev.rotolog.layout.Layout, level: Level) =
                StringBuilder().also { layout.format(LogRecord(0L, level, "x", "m"), it) }.toString()
            format(main.layout, Level.INFO) shouldBe "INFO m\n"
            format(main.layout, Level.ERROR) shouldBe "E m\n"
            format(audit.layout, Level.INFO) shouldStartWith
                "{\"@timestamp\":\"1970-01-01T01:00:00.000+01:00\",\"log.level\":\"INFO\""
            audit.loggers shouldBe setOf("com.example.audit", "com.example.security")
            weekly.rotation!!.period!!.unit shouldBe PeriodUnit.WEEKS
            weekly.rotation.period.firstDayOfWeek shouldBe DayOfWeek.SUNDAY
            val (err, out) = config.consoles
            err.stream shouldBe ConsoleStream.STDERR
            err.level shouldBe Level.WARN
            out.stream shouldBe ConsoleStream.STDOUT
            format(out.layout, Level.INFO) shouldBe "m\n"
        }

        test("sizes: plain bytes and binary units in any case, with or without a space") {
            for ((text, bytes) in
                listOf(
                    "1048576" to (1L shl 20),
                    "512KB" to (512L shl 10),
                    "64 mb" to (64L shl 20),
                    "2GiB" to (2L shl 30),
                    "10b" to 10L,
                )) {
                ValueTypes.size.parse(text) shouldBe bytes
            }
        }

        test("a configuration of consoles only gets no default file") {
            val config = PropertiesConfig.parse(mapOf("console.main.stream" to "STDOUT"), "test")
            config.files shouldBe emptyList()
            config.consoles.single().stream shouldBe ConsoleStream.STDOUT
        }

        test("without file keys the configuration writes to the default file, and the other keys still apply") {
            val config = PropertiesConfig.parse(mapOf("level" to "DEBUG"), "test")
            config.rootLevel shouldBe Level.DEBUG
            config.files.single().path shouldBe Paths.get(PropertiesConfig.DEFAULT_PATH)
            PropertiesConfig.parse(emptyMap(), "test").files.single().path shouldBe Paths.get("logs/app.log")
        }

        test("a file is read as UTF-8, and a malformed file fails naming it") {
            val dir = Files.createTempDirectory("props")
            val good = dir.resolve("good.properties")
            Files.writeString(good, "file.main.path = logs/日本.log\n")
            PropertiesConfig.read(good, "good").files.single().path shouldBe Paths.get("logs/日本.log")

            val bad = dir.resolve("bad.properties")
            Files.writeString(bad, "file.main.path = \\uZZZZ\n")
            shouldThrow<IllegalArgumentException> { PropertiesConfig.read(bad, "$bad") }.message shouldBe
                "rotolog: cannot read the configuration $bad: Malformed \\uxxxx encoding."

            val missing = dir.resolve("missing.properties")
            shouldThrow<IllegalArgumentException> { PropertiesConfig.read(missing, "$missing") }.message shouldBe
                "rotolog: cannot read the configuration $missing: java.nio.file.NoSuchFileException: $missing"
        }
    })

private const val COMPRESS_WITHOUT_ROTATE =
    "file.main.compress: true needs rotate.every or rotate.maxSize; a file that never rotates has no archives to compress"
private const val MAX_AGE_NEEDS_PERIOD =
    "file.main.keep.maxAge: needs a time period in rotate.every; size-only archive names carry no date"
