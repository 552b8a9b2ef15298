package dev.rotolog.slf4j.config

import dev.rotolog.Durability
import dev.rotolog.Level
import dev.rotolog.LogRecord
import dev.rotolog.OverflowPolicy
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Paths
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class PropertiesConfigTest : FunSpec({
    fun problemsOf(vararg entries: Pair<String, String>): List<String> {
        val e = shouldThrow<IllegalArgumentException> { PropertiesConfig.parse(entries.toMap(), "test.properties") }
        return e.message!!.lines().drop(1).map { it.removePrefix("  - ") }
    }

    val fileKeys = "path, pattern, zone, escapeLineBreaks, overflow, queueCapacity, blockTimeout, durability, " +
        "maxBatchRecords, closeTimeout"
    val topKeys = "level, shutdownHook, logger.<name prefix>, file.<target name>.<setting>"
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
            listOf("logger.com.example" to "VERBOSE") to "logger.com.example = \"VERBOSE\" is not allowed; use $levels",
            // the shape of file keys
            listOf("file.main" to "logs/app.log") to
                "key \"file.main\" is incomplete; a file target setting is file.<target name>.<setting>, e.g. file.main.path = logs/app.log",
            listOf("file..path" to "logs/app.log") to
                "key \"file..path\" is incomplete; a file target setting is file.<target name>.<setting>, e.g. file.main.path = logs/app.log",
            listOf("file.main." to "x") to
                "key \"file.main.\" is incomplete; a file target setting is file.<target name>.<setting>, e.g. file.main.path = logs/app.log",
            listOf("file.main.pattern" to "%msg%n") to
                "file.main.path is missing; every file target needs one, e.g. file.main.path = logs/app.log",
            listOf("file.main.path" to "") to "file.main.path = \"\" is not allowed; use a file path such as logs/app.log",
            listOf("file.main.path" to "a\u0000b") to "file.main.path = \"a\u0000b\" is not allowed; use a file path such as logs/app.log",
            listOf(path, "file.main.overfow" to "DROP") to
                "unknown key \"file.main.overfow\"; did you mean \"overflow\"? A file target knows: $fileKeys",
            listOf(path, "file.main.queuecapacity" to "10") to
                "unknown key \"file.main.queuecapacity\"; did you mean \"queueCapacity\"? A file target knows: $fileKeys",
            listOf(path, "file.main.colour" to "red") to "unknown key \"file.main.colour\". A file target knows: $fileKeys",
            // values of file settings
            listOf(path, "file.main.pattern" to "") to "file.main.pattern = \"\" is not allowed; use a non-empty text",
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
            listOf(path, "file.main.queueCapacity" to "0") to "file.main.queueCapacity: 0 is out of range; use 1 to 16777216",
            listOf(path, "file.main.maxBatchRecords" to "0") to "file.main.maxBatchRecords: 0 is out of range; use 1 to 16777216",
            listOf(path, "file.main.blockTimeout" to "0s") to
                "file.main.blockTimeout: 0s is not allowed; use a positive, finite duration",
            listOf(path, "file.main.closeTimeout" to "-1s") to
                "file.main.closeTimeout: -1s is not allowed; use a positive, finite duration",
            listOf(path, "file.main.closeTimeout" to "Infinity") to
                "file.main.closeTimeout: Infinity is not allowed; use a positive, finite duration",
            listOf(path, "file.main.pattern" to "%msg %q%n") to
                "file.main.pattern: '%q' at position 5 in \"%msg %q%n\" is not known; use %d, %date, %thread, %t, %logger, " +
                "%c, %msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%",
            // two targets, one file
            listOf("file.a.path" to "logs/same.log", "file.b.path" to "logs/./same.log") to
                "file.a.path and file.b.path both name ${Paths.get("logs/same.log").toAbsolutePath()}; configure each file once",
        ) { (entries, expected) ->
            problemsOf(*entries.toTypedArray()) shouldBe listOf(expected)
        }
    }

    test("every problem is reported at once, under a header naming the source and the count") {
        val e = shouldThrow<IllegalArgumentException> {
            PropertiesConfig.parse(mapOf("level" to "LOUD", "file.main.path" to "x.log", "file.main.queueCapacity" to "ten"), "/etc/app/rotolog.properties")
        }
        e.message shouldBe "rotolog: invalid configuration in /etc/app/rotolog.properties (2 problems):\n" +
            "  - file.main.queueCapacity = \"ten\" is not allowed; use a whole number such as 65536\n" +
            "  - level = \"LOUD\" is not allowed; use $levels"
    }

    test("every key reaches the configuration; values are trimmed, enums case-insensitive, numbers may use underscores") {
        val config = PropertiesConfig.parse(
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
