package dev.rotolog.slf4j.config

import dev.rotolog.FileTargetBuilder
import dev.rotolog.PeriodUnit
import dev.rotolog.RotologConfig
import dev.rotolog.config.Scope
import dev.rotolog.config.Setting
import dev.rotolog.config.TargetSettings
import dev.rotolog.rotologConfig
import dev.rotolog.slf4j.JavaConfig
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration

/**
 * The three front-ends (Kotlin DSL, Java builder, properties) accept and refuse the same values of every checked
 * setting, and say the same thing about a refused value, each naming the setting in its own spelling.
 */
class SettingsAgreementTest :
    FunSpec({
        /** One value of a setting, written for each front-end. */
        class Value(
            val text: String,
            val dsl: FileTargetBuilder.() -> Unit,
            val java: (JavaConfig.FileBuilder) -> Unit,
            val properties: String,
        )

        class Case(val setting: Setting<*>, val good: Value, val bad: Value, val detail: String) {
            override fun toString(): String = "${setting.path} = ${bad.text}"
        }

        fun duration(
            d: Duration,
            set: FileTargetBuilder.(Duration) -> Unit,
            java: (JavaConfig.FileBuilder, java.time.Duration) -> Unit,
        ) = Value(d.toString(), { set(d) }, { java(it, d.toJavaDuration()) }, d.toString())

        val cases =
            listOf(
                Case(
                    TargetSettings.queueCapacity,
                    Value("10", { queueCapacity = 10 }, { it.queueCapacity(10) }, "10"),
                    Value("0", { queueCapacity = 0 }, { it.queueCapacity(0) }, "0"),
                    "0 is out of range; use 1 to 16777216",
                ),
                Case(
                    TargetSettings.maxBatchRecords,
                    Value("5", { maxBatchRecords = 5 }, { it.maxBatchRecords(5) }, "5"),
                    Value("16777217", { maxBatchRecords = 16_777_217 }, { it.maxBatchRecords(16_777_217) }, "16777217"),
                    "16777217 is out of range; use 1 to 16777216",
                ),
                Case(
                    TargetSettings.blockTimeout,
                    duration(2.seconds, { blockTimeout = it }, { b, d -> b.blockTimeout(d) }),
                    duration(Duration.ZERO, { blockTimeout = it }, { b, d -> b.blockTimeout(d) }),
                    "0s is not allowed; use a positive, finite duration",
                ),
                Case(
                    TargetSettings.closeTimeout,
                    duration(2.seconds, { closeTimeout = it }, { b, d -> b.closeTimeout(d) }),
                    duration((-1).seconds, { closeTimeout = it }, { b, d -> b.closeTimeout(d) }),
                    "-1s is not allowed; use a positive, finite duration",
                ),
                Case(
                    TargetSettings.loggers,
                    Value("com.example", { loggers("com.example") }, { it.loggers("com.example") }, "com.example"),
                    Value("com..example", { loggers("com..example") }, { it.loggers("com..example") }, "com..example"),
                    "\"com..example\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
                ),
                Case(
                    TargetSettings.excludeLoggers,
                    Value(
                        "com.example",
                        { excludeLoggers("com.example") },
                        { it.excludeLoggers("com.example") },
                        "com.example",
                    ),
                    Value(".x", { excludeLoggers(".x") }, { it.excludeLoggers(".x") }, ".x"),
                    "\".x\" is not a logger name prefix; use dot-separated names without spaces, such as com.example.db",
                ),
                Case(
                    TargetSettings.permissions,
                    Value("640", { permissions = "640" }, { it.permissions("640") }, "640"),
                    Value("400", { permissions = "400" }, { it.permissions("400") }, "400"),
                    "\"400\" is not allowed; the owner must be able to read and write the file (rw- for the owner), e.g. rw-r-----",
                ),
                Case(
                    TargetSettings.rotateEvery,
                    Value(
                        "15 MINUTES",
                        { rotate { every(15, PeriodUnit.MINUTES) } },
                        { it.rotateEvery(15, PeriodUnit.MINUTES) },
                        "15 MINUTES",
                    ),
                    Value(
                        "7 HOURS",
                        { rotate { every(7, PeriodUnit.HOURS) } },
                        { it.rotateEvery(7, PeriodUnit.HOURS) },
                        "7 HOURS",
                    ),
                    "7 HOURS does not divide a day evenly; use 1, 2, 3, 4, 6, 8 or 12",
                ),
                Case(
                    TargetSettings.rotateMaxSize,
                    Value("1024", { rotate { maxSize = 1024 } }, { it.rotateMaxSize(1024) }, "1024"),
                    Value("0", { rotate { maxSize = 0 } }, { it.rotateMaxSize(0) }, "0"),
                    "0 is not allowed; use a positive number of bytes such as 64.megabytes",
                ),
                Case(
                    TargetSettings.compressionDelay,
                    duration(1.seconds, { compressionDelay = it }, { b, d -> b.compressionDelay(d) }),
                    duration((-2).seconds, { compressionDelay = it }, { b, d -> b.compressionDelay(d) }),
                    "-2s is not allowed; use zero or a positive, finite duration",
                ),
                Case(
                    TargetSettings.keepArchives,
                    Value("3", { keep { archives = 3 } }, { it.keepArchives(3) }, "3"),
                    Value("0", { keep { archives = 0 } }, { it.keepArchives(0) }, "0"),
                    "0 is not allowed; use 1 or more (to keep no archives, do not rotate)",
                ),
                Case(
                    TargetSettings.keepMaxAge,
                    duration(60.seconds, { keep { maxAge = it } }, { b, d -> b.keepMaxAge(d) }),
                    duration(Duration.ZERO, { keep { maxAge = it } }, { b, d -> b.keepMaxAge(d) }),
                    "0s is not allowed; use a positive, finite duration such as 30.days",
                ),
                Case(
                    TargetSettings.keepTotalSize,
                    Value("4096", { keep { totalSize = 4096 } }, { it.keepTotalSize(4096) }, "4096"),
                    Value("0", { keep { totalSize = 0 } }, { it.keepTotalSize(0) }, "0"),
                    "0 is not allowed; use a positive number of bytes such as 2.gigabytes",
                ),
                Case(
                    TargetSettings.pattern,
                    Value("%msg%n", { layout = pattern("%msg%n") }, { it.pattern("%msg%n") }, "%msg%n"),
                    Value("%msg %q", { layout = pattern("%msg %q") }, { it.pattern("%msg %q") }, "%msg %q"),
                    "'%q' at position 5 in \"%msg %q\" is not known; use %d, %date, %thread, %t, %logger, %c, %msg, %m, %ctx, " +
                        "%marker, %ex, %n, %level, %p, %X{key}, %%",
                ),
            )

        /** A setting added to the schema needs a case here, or a place among those whose every typed value is good. */
        test("every file setting of the schema either has a case or accepts every value of its type") {
            val unchecked =
                setOf(
                    TargetSettings.layoutZone,
                    TargetSettings.escapeLineBreaks,
                    TargetSettings.level,
                    TargetSettings.overflow,
                    TargetSettings.durability,
                    TargetSettings.rotateZone,
                    TargetSettings.rotateWeekStart,
                    TargetSettings.compress,
                    TargetSettings.perLevelPattern,
                    TargetSettings.json,
                    TargetSettings.layout,
                )
            TargetSettings.of(Scope.FILE, dev.rotolog.config.FrontEnd.PROPERTIES)
                .filter { it !in unchecked }
                .map { it.path }
                .toSet() shouldBe cases.map { it.setting.path }.toSet()
        }

        fun context(
            setting: Setting<*>
        ): Triple<FileTargetBuilder.() -> Unit, (JavaConfig.FileBuilder) -> Unit, Map<String, String>> =
            if (setting.group == "keep" || setting === TargetSettings.compressionDelay) {
                Triple(
                    { rotate { every(1, PeriodUnit.HOURS) } },
                    { it.rotateEvery(1, PeriodUnit.HOURS) },
                    mapOf("file.main.rotate.every" to "1 HOURS"),
                )
            } else {
                Triple({}, {}, emptyMap())
            }

        fun dsl(setting: Setting<*>, value: Value): RotologConfig = rotologConfig {
            shutdownHook = false
            file("logs/a.log") {
                context(setting).first(this)
                value.dsl(this)
            }
        }

        fun java(setting: Setting<*>, value: Value): RotologConfig {
            val file = JavaConfig.file("logs/a.log")
            context(setting).second(file)
            value.java(file)
            return JavaConfig.builder().shutdownHook(false).file(file).build()
        }

        fun properties(setting: Setting<*>, value: Value): RotologConfig =
            PropertiesConfig.parse(
                mapOf(
                    "shutdownHook" to "false",
                    "file.main.path" to "logs/a.log",
                    "file.main.${setting.path}" to value.properties,
                ) + context(setting).third,
                "test.properties",
            )

        context("a good value is accepted by all three and reaches the same setting") {
            withData(nameFn = { "${it.setting.path} = ${it.good.text}" }, cases) { case ->
                // The DSL turns a pattern into a Layout at once; the others keep the pattern text until build.
                val read = { config: RotologConfig ->
                    if (case.setting === TargetSettings.pattern) Unit else config.files.single().settings[case.setting]
                }
                val fromDsl = read(dsl(case.setting, case.good))
                read(java(case.setting, case.good)) shouldBe fromDsl
                read(properties(case.setting, case.good)) shouldBe fromDsl
            }
        }

        context("a bad value is refused by all three with one reason, each naming the setting its own way") {
            withData(nameFn = { it.toString() }, cases) { case ->
                val dslName = if (case.setting === TargetSettings.pattern) "layout.pattern" else case.setting.path
                shouldThrow<IllegalArgumentException> { dsl(case.setting, case.bad) }.message shouldBe
                    "file(\"logs/a.log\").$dslName: ${case.detail}"
                shouldThrow<IllegalArgumentException> { java(case.setting, case.bad) }.message shouldBe
                    "FileBuilder(\"logs/a.log\").${case.setting.javaName}: ${case.detail}"
                shouldThrow<IllegalArgumentException> { properties(case.setting, case.bad) }.message shouldBe
                    "rotolog: invalid configuration in test.properties (1 problem):\n  - file.main.${case.setting.path}: ${case.detail}"
            }
        }
    })
