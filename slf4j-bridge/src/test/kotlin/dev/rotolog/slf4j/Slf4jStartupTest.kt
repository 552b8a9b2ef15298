package dev.rotolog.slf4j

import dev.rotolog.slf4j.programs.ProbeProgram
import dev.rotolog.slf4j.testing.ChildJvm
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

/**
 * How an SLF4J-only application starts, each in its own JVM because SLF4J binds once per JVM: a wrong configuration
 * stops it loudly with our message, rotolog.properties on the class path is found, and with no configuration at all the
 * default file is used and announced.
 */
class Slf4jStartupTest :
    FunSpec({
        test("a wrong configuration fails SLF4J's initialization with every problem in the message") {
            val dir = Files.createTempDirectory("startup-wrong")
            val config = dir.resolve("rotolog.properties")
            Files.writeString(
                config,
                "file.main.path = ${dir.resolve("app.log")}\nfile.main.queueCapacity = ten\nfile.main.overfow = DROP\n",
            )
            val result =
                ChildJvm.main(ProbeProgram::class.java).property("rotolog.configurationFile", config.toString()).run(60)
            withClue(result) {
                result.exitCode shouldNotBe 0
                result.stderr shouldContain "SLF4J(E): Failed to instantiate SLF4J LoggerFactory"
                result.stderr shouldContain
                    "rotolog: invalid configuration in $config (system property rotolog.configurationFile) (2 problems):\n" +
                        "  - unknown key \"file.main.overfow\"; did you mean \"overflow\"? A file target knows: path, layout, pattern, " +
                        "pattern.TRACE, pattern.DEBUG, pattern.INFO, pattern.WARN, pattern.ERROR, zone, escapeLineBreaks, level, " +
                        "loggers, excludeLoggers, overflow, queueCapacity, blockTimeout, closeTimeout, durability, maxBatchRecords, " +
                        "permissions, rotate.every, rotate.zone, rotate.weekStart, rotate.maxSize, compress, compressionDelay, " +
                        "keep.archives, keep.maxAge, keep.totalSize\n" +
                        "  - file.main.queueCapacity = \"ten\" is not allowed; use a whole number such as 65536\n"
                // The application's own call fails too, so the failure cannot go unnoticed.
                result.stderr shouldContain
                    "Exception in thread \"main\" java.lang.IllegalStateException: Unexpected initialization failure"
                Files.exists(dir.resolve("app.log")) shouldBe false
            }
        }

        test("rotolog.properties on the class path configures an application without any system property") {
            val dir = Files.createTempDirectory("startup-classpath")
            Files.writeString(
                dir.resolve("rotolog.properties"),
                "file.main.path = ${dir.resolve("cp.log")}\nfile.main.pattern = %logger %msg%n\n",
            )
            val result =
                ChildJvm.main(ProbeProgram::class.java).classPathFirst(dir.toString()).args("from class path").run(60)
            withClue(result) {
                result.exitCode shouldBe 0
                Files.readAllLines(dir.resolve("cp.log")) shouldBe listOf("probe probe from class path")
            }
        }

        test(
            "with no configuration at all, INFO and above go to logs/app.log under the working directory, announced on stderr"
        ) {
            val dir = Files.createTempDirectory("startup-default")
            val result = ChildJvm.main(ProbeProgram::class.java).workingDirectory(dir).args("default").run(60)
            withClue(result) {
                result.exitCode shouldBe 0
                result.stderr shouldContain
                    "rotolog: no configuration found (system property rotolog.configurationFile is not set " +
                        "and there is no rotolog.properties on the class path); logging INFO and above to ${dir.toRealPath().resolve("logs/app.log")}"
                Files.readAllLines(dir.resolve("logs/app.log")).single() shouldContain
                    " INFO  [main] probe - probe default"
            }
        }
    })

private inline fun <T> withClue(result: ChildJvm.Result, block: () -> T): T =
    io.kotest.assertions.withClue(result.toString(), block)
