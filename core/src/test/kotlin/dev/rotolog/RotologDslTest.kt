package dev.rotolog

import dev.rotolog.internal.LevelTable
import dev.rotolog.internal.PathTemplate
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.RotationPeriod
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.nio.file.Paths
import java.nio.file.attribute.PosixFilePermission.GROUP_READ
import java.nio.file.attribute.PosixFilePermission.OWNER_READ
import java.nio.file.attribute.PosixFilePermission.OWNER_WRITE
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class RotologDslTest :
    FunSpec({
        test("the defaults: INFO root level, no prefixes, shutdown hook on, system clock, and a target's defaults") {
            val config = rotologConfig { file("logs/app.log") }
            config.rootLevel shouldBe Level.INFO
            config.loggerLevels shouldBe emptyMap()
            config.shutdownHook shouldBe true
            config.clock.zone shouldBe Clock.systemDefaultZone().zone
            config.consoles.shouldBeEmpty()
            val file = config.files.single()
            file.path shouldBe Paths.get("logs/app.log")
            file.pathTemplate shouldBe "logs/app.log"
            file.overflow shouldBe OverflowPolicy.BLOCK
            file.queueCapacity shouldBe 65_536
            file.blockTimeout shouldBe 5.seconds
            file.closeTimeout shouldBe 10.seconds
            file.durability shouldBe Durability.PROCESS_CRASH
            file.maxBatchRecords shouldBe 8_192
            file.rotation shouldBe null
            file.permissions shouldBe null
            file.level shouldBe Level.TRACE
            file.loggers.shouldBeEmpty()
            file.excludedLoggers.shouldBeEmpty()
            file.takes("any.logger.at.All") shouldBe true
        }

        test("every top-level and file setting is carried into the configuration") {
            val clock = Clock.fixed(Instant.parse("2026-11-21T14:00:00Z"), ZoneOffset.UTC)
            val layout = PatternLayout("%msg%n")
            val config = rotologConfig {
                level = Level.WARN
                this.clock = clock
                shutdownHook = false
                processKey = "worker-1"
                file("logs/app-{key}.log") {
                    this.layout = layout
                    level = Level.DEBUG
                    overflow = OverflowPolicy.SUSPEND
                    queueCapacity = 1_000
                    blockTimeout = 250.milliseconds
                    closeTimeout = 3.seconds
                    durability = Durability.POWER_LOSS
                    maxBatchRecords = 100
                    permissions = "rw-r-----"
                    rotate {
                        every(1.hours)
                        maxSize = 64.megabytes
                    }
                    loggers("com.example", "org.acme")
                    excludeLoggers("com.example.noisy")
                }
            }
            config.rootLevel shouldBe Level.WARN
            config.clock shouldBeSameInstanceAs clock
            config.shutdownHook shouldBe false
            config.processKey shouldBe "worker-1"
            val file = config.files.single()
            file.path shouldBe Paths.get("logs/app-worker-1.log")
            file.pathTemplate shouldBe "logs/app-{key}.log"
            file.layout shouldBeSameInstanceAs layout
            file.level shouldBe Level.DEBUG
            file.overflow shouldBe OverflowPolicy.SUSPEND
            file.queueCapacity shouldBe 1_000
            file.blockTimeout shouldBe 250.milliseconds
            file.closeTimeout shouldBe 3.seconds
            file.durability shouldBe Durability.POWER_LOSS
            file.maxBatchRecords shouldBe 100
            file.permissions shouldBe setOf(OWNER_READ, OWNER_WRITE, GROUP_READ)
            val rotation = file.rotation.shouldNotBeNull()
            rotation.period shouldBe RotationPeriod(1, PeriodUnit.HOURS)
            rotation.maxSize shouldBe 64L * 1024 * 1024
            file.loggers shouldBe setOf("com.example", "org.acme")
            file.excludedLoggers shouldBe setOf("com.example.noisy")
        }

        test("every console setting is carried into the configuration; defaults to stdout") {
            val config = rotologConfig {
                console()
                console {
                    stream = ConsoleStream.STDERR
                    level = Level.WARN
                    layout = json()
                    overflow = OverflowPolicy.DROP
                    queueCapacity = 10
                    blockTimeout = 1.seconds
                    closeTimeout = 2.seconds
                    loggers("com.example")
                    excludeLoggers("com.example.db")
                }
            }
            config.files.shouldBeEmpty()
            val (plain, errors) = config.consoles
            plain.stream shouldBe ConsoleStream.STDOUT
            plain.level shouldBe Level.TRACE
            plain.overflow shouldBe OverflowPolicy.BLOCK
            plain.queueCapacity shouldBe 65_536
            errors.stream shouldBe ConsoleStream.STDERR
            errors.level shouldBe Level.WARN
            errors.overflow shouldBe OverflowPolicy.DROP
            errors.queueCapacity shouldBe 10
            errors.blockTimeout shouldBe 1.seconds
            errors.closeTimeout shouldBe 2.seconds
            errors.loggers shouldBe setOf("com.example")
            errors.excludedLoggers shouldBe setOf("com.example.db")
            val json = StringBuilder().also { errors.layout.format(LogRecord(0, Level.WARN, "l", "m"), it) }.toString()
            json shouldStartWith "{\"@timestamp\":\"1970-01-01T00:00:00.000+00:00\",\"log.level\":\"WARN\""
            config.targets shouldContainExactly listOf(plain, errors)
        }

        test("nested logger blocks configure dotted prefixes; a block without a level only groups") {
            val config = rotologConfig {
                console()
                logger("com.example") {
                    level = Level.WARN
                    logger("db") {
                        level = Level.DEBUG
                        logger("pool.stats") { level = Level.TRACE }
                    }
                }
                logger("org") { logger("acme") { level = Level.ERROR } }
            }
            config.loggerLevels shouldBe
                mapOf(
                    "com.example" to Level.WARN,
                    "com.example.db" to Level.DEBUG,
                    "com.example.db.pool.stats" to Level.TRACE,
                    "org.acme" to Level.ERROR,
                )
            val table = LevelTable(config.rootLevel, config.loggerLevels)
            table.levelOf("org.other") shouldBe Level.INFO
            table.levelOf("com.example.db.pool.stats.Counter") shouldBe Level.TRACE
            table.levelOf("com.example.db.Query") shouldBe Level.DEBUG
        }

        test("routing: the longest matching prefix of loggers(...) and excludeLoggers(...) decides") {
            val config = rotologConfig {
                file("audit.log") { loggers("com.example.audit") }
                file("main.log") { excludeLoggers("com.example.audit") }
                file("mixed.log") {
                    loggers("com.example")
                    excludeLoggers("com.example.secret")
                    loggers("com.example.secret.Public")
                }
            }
            val (audit, main, mixed) = config.files
            audit.takes("com.example.audit") shouldBe true
            audit.takes("com.example.audit.Login") shouldBe true
            audit.takes("com.example.auditor") shouldBe false
            audit.takes("com.example") shouldBe false
            main.takes("com.example.audit.Login") shouldBe false
            main.takes("com.example.Api") shouldBe true
            mixed.takes("com.other") shouldBe false
            mixed.takes("com.example.Api") shouldBe true
            mixed.takes("com.example.secret.Keys") shouldBe false
            mixed.takes("com.example.secret.Public") shouldBe true
            mixed.takes("org.acme") shouldBe false // loggers(...) was called, so only those prefixes are taken
        }

        test("the pattern helper takes a zone, escaping and per-level patterns") {
            val layout =
                rotologConfig {
                        console {
                            layout =
                                pattern(
                                    "%d %msg%n",
                                    zone = ZoneOffset.ofHours(2),
                                    escapeLineBreaks = false,
                                    perLevel = mapOf(Level.ERROR to "E %msg%n"),
                                )
                        }
                    }
                    .consoles
                    .single()
                    .layout
            fun format(level: Level) =
                StringBuilder().also { layout.format(LogRecord(0, level, "l", "a\nb"), it) }.toString()
            format(Level.INFO) shouldBe "1970-01-01T02:00:00.000+02:00 a\nb\n"
            format(Level.ERROR) shouldBe "E a\nb\n"
        }

        test("size and duration helpers") {
            7.kilobytes shouldBe 7L * 1024
            rotologConfig { file("a.log") { rotate { every(15.minutes) } } }.files[0].rotation!!.period shouldBe
                RotationPeriod(15, PeriodUnit.MINUTES)
            rotologConfig { file("a.log") { rotate { every(24.hours) } } }.files[0].rotation!!.period shouldBe
                RotationPeriod(1, PeriodUnit.DAYS)
            rotologConfig { file("a.log") { rotate { every(7.days) } } }.files[0].rotation!!.period shouldBe
                RotationPeriod(1, PeriodUnit.WEEKS)
            rotologConfig { file("a.log") { rotate { every(30.seconds) } } }.files[0].rotation!!.period shouldBe
                RotationPeriod(30, PeriodUnit.SECONDS)
        }

        test("octal permissions mean the same as the ls -l form") {
            for (text in listOf("640", "0640", "rw-r-----")) {
                rotologConfig { file("a.log") { permissions = text } }.files[0].permissions shouldBe
                    setOf(OWNER_READ, OWNER_WRITE, GROUP_READ)
            }
            rotologConfig { file("a.log") { permissions = "0777" } }.files[0].permissions!!.size shouldBe 9
        }

        test("path templates expand {pid}, {host} and {key}, each sanitized") {
            val builder = RotologBuilder()
            builder.templateValues = PathTemplate.Values(pid = { "4242" }, host = { "web/1" }, key = null)
            builder.processKey = "a b"
            builder.file("logs/{host}-{pid}-{key}.log")
            builder.build().files.single().path shouldBe Paths.get("logs/web_2f1-4242-a_20b.log")
        }

        data class Bad(val setting: String, val message: String, val block: RotologBuilder.() -> Unit)

        val clean = "logs/app.log"
        withTests(
            nameFn = { "invalid ${it.setting}" },
            Bad("no target", "rotolog: no target is configured; add file(\"logs/app.log\") or console()") {},
            Bad(
                "logger prefix",
                "logger(\"com..x\"): \"com..x\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
            ) {
                console()
                logger("com..x") { level = Level.DEBUG }
            },
            Bad(
                "blank logger prefix",
                "logger(\" \"): \" \" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
            ) {
                console()
                logger(" ") { level = Level.DEBUG }
            },
            Bad(
                "nested logger name",
                "logger(\"com\").logger(\".db\"): \".db\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
            ) {
                console()
                logger("com") { logger(".db") { level = Level.DEBUG } }
            },
            Bad(
                "empty logger block",
                "logger(\"com.example\"): the block sets no level and nests no logger; set level = Level.DEBUG (or another level)",
            ) {
                console()
                logger("com.example") {}
            },
            Bad(
                "prefix configured twice",
                "logger(\"com.example.db\"): configured twice (WARN and DEBUG); configure each prefix once",
            ) {
                console()
                logger("com.example.db") { level = Level.WARN }
                logger("com.example") { logger("db") { level = Level.DEBUG } }
            },
            Bad("file twice", "file(\"$clean\"): configured twice; configure each file once") {
                file(clean)
                file(clean)
            },
            Bad(
                "two templates naming one file",
                "file(\"logs/{key}.log\") and file(\"logs/k.log\") both name ${Paths.get("logs/k.log").toAbsolutePath()}; configure each file once",
            ) {
                processKey = "k"
                file("logs/{key}.log")
                file("logs/k.log")
            },
            Bad("path without file name", "file(\"\"): the path names no file; give a file name such as logs/app.log") {
                file("")
            },
            Bad(
                "unknown placeholder",
                "file(\"logs/{user}.log\"): {user} in \"logs/{user}.log\" is not known; use {pid}, {host}, {key}",
            ) {
                file("logs/{user}.log")
            },
            Bad(
                "unclosed placeholder",
                "file(\"logs/{pid.log\"): '{' at position 5 in \"logs/{pid.log\" is not closed; use {pid}, {host}, {key}",
            ) {
                file("logs/{pid.log")
            },
            Bad(
                "stray closing brace",
                "file(\"logs/pid}.log\"): '}' at position 8 in \"logs/pid}.log\" has no '{'; use {pid}, {host}, {key}",
            ) {
                file("logs/pid}.log")
            },
            Bad(
                "{key} without a key",
                "file(\"logs/{key}.log\"): \"logs/{key}.log\" uses {key} but no process key is set; set processKey = \"...\" in " +
                    "the configuration or start the JVM with -Drotolog.processKey=...",
            ) {
                processKey = null
                file("logs/{key}.log")
            },
            Bad("queueCapacity", "file(\"$clean\").queueCapacity: 0 is out of range; use 1 to 16777216") {
                file(clean) { queueCapacity = 0 }
            },
            Bad("maxBatchRecords", "file(\"$clean\").maxBatchRecords: -1 is out of range; use 1 to 16777216") {
                file(clean) { maxBatchRecords = -1 }
            },
            Bad("blockTimeout", "file(\"$clean\").blockTimeout: 0s is not allowed; use a positive, finite duration") {
                file(clean) { blockTimeout = Duration.ZERO }
            },
            Bad(
                "closeTimeout",
                "file(\"$clean\").closeTimeout: Infinity is not allowed; use a positive, finite duration",
            ) {
                file(clean) { closeTimeout = Duration.INFINITE }
            },
            Bad(
                "permissions text",
                "file(\"$clean\").permissions: \"rw-r--r\" is not a file mode; use nine characters of r, w, x and - as ls -l " +
                    "shows them (rw-r-----) or three octal digits (640)",
            ) {
                file(clean) { permissions = "rw-r--r" }
            },
            Bad(
                "permissions letter out of place",
                "file(\"$clean\").permissions: \"wr-r-----\" is not a file mode; use nine characters of r, w, x and - as ls -l " +
                    "shows them (rw-r-----) or three octal digits (640)",
            ) {
                file(clean) { permissions = "wr-r-----" }
            },
            Bad(
                "permissions octal with setuid",
                "file(\"$clean\").permissions: \"4640\" is not a file mode; use nine characters of r, w, x and - as ls -l " +
                    "shows them (rw-r-----) or three octal digits (640)",
            ) {
                file(clean) { permissions = "4640" }
            },
            Bad(
                "permissions without owner write",
                "file(\"$clean\").permissions: \"0440\" is not allowed; the owner must be able to read and write the file " +
                    "(rw- for the owner), e.g. rw-r-----",
            ) {
                file(clean) { permissions = "0440" }
            },
            Bad(
                "routing prefix",
                "file(\"$clean\").loggers: \"com.\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
            ) {
                file(clean) { loggers("com.") }
            },
            Bad(
                "excluded routing prefix",
                "console(STDOUT).excludeLoggers: \"\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
            ) {
                console { excludeLoggers("") }
            },
            Bad(
                "prefix both included and excluded",
                "file(\"$clean\"): \"com.example\" is both in loggers(...) and in excludeLoggers(...); name each prefix once",
            ) {
                file(clean) {
                    loggers("com.example")
                    excludeLoggers("com.example")
                }
            },
            Bad("console queueCapacity", "console(STDERR).queueCapacity: 16777217 is out of range; use 1 to 16777216") {
                console {
                    stream = ConsoleStream.STDERR
                    queueCapacity = (1 shl 24) + 1
                }
            },
            Bad(
                "layout pattern word",
                "file(\"$clean\").layout.pattern: '%lvl' at position 0 in \"%lvl\" is not known; use %d, %date, %thread, %t, " +
                    "%logger, %c, %msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%",
            ) {
                file(clean) { layout = pattern("%lvl") }
            },
            Bad(
                "per-level pattern word",
                "file(\"$clean\").layout.pattern[ERROR]: '%oops' at position 3 in \"%m %oops\" is not known; use %d, %date, " +
                    "%thread, %t, %logger, %c, %msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%",
            ) {
                file(clean) { layout = pattern("%m%n", perLevel = mapOf(Level.ERROR to "%m %oops")) }
            },
            Bad(
                "per-level pattern for OFF",
                "console(STDOUT).layout.pattern[OFF]: OFF is only a threshold, never the level of a record; give patterns for " +
                    "TRACE, DEBUG, INFO, WARN or ERROR",
            ) {
                console { layout = pattern(perLevel = mapOf(Level.OFF to "%m%n")) }
            },
            Bad(
                "rotation period",
                "file(\"$clean\").rotate.every: 7 HOURS does not divide a day evenly; use 1, 2, 3, 4, 6, 8 or 12",
            ) {
                file(clean) { rotate { every(7.hours) } }
            },
            Bad(
                "rotation duration below a second",
                "file(\"$clean\").rotate.every: 1.5s is not a whole number of seconds; use e.g. 15.minutes, 1.hours or 1.days",
            ) {
                file(clean) { rotate { every(1500.milliseconds) } }
            },
            Bad(
                "rotation without trigger",
                "file(\"$clean\").rotate: neither every(...) nor maxSize is set; set a period, a size limit or both",
            ) {
                file(clean) { rotate {} }
            },
        ) { bad ->
            shouldThrow<IllegalArgumentException> { rotologConfig(bad.block) }.message shouldBe bad.message
        }
    })
