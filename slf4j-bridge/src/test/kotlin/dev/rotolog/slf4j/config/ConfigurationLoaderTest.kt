package dev.rotolog.slf4j.config

import dev.rotolog.Level
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.net.URLClassLoader
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

class ConfigurationLoaderTest :
    FunSpec({
        fun classPathWith(vararg dirs: Path): ClassLoader =
            URLClassLoader(dirs.map { it.toUri().toURL() }.toTypedArray(), null)

        fun dirWithProperties(text: String): Path =
            Files.createTempDirectory("cp").also { Files.writeString(it.resolve("rotolog.properties"), text) }

        val empty = classPathWith()

        test("the file named by rotolog.configurationFile comes first, before the class path") {
            val file = Files.createTempFile("named", ".properties")
            Files.writeString(file, "level = ERROR\nfile.main.path = logs/named.log\n")
            val notices = ArrayList<String>()
            val loaded =
                ConfigurationLoader.load(classPathWith(dirWithProperties("level = TRACE")), file.toString()) {
                    notices += it
                }
            loaded.config.rootLevel shouldBe Level.ERROR
            loaded.origin shouldBe "${file.toAbsolutePath()} (system property rotolog.configurationFile)"
            notices.shouldBeEmpty()
        }

        test("a rotolog.configurationFile that does not exist, or is a directory, fails saying so") {
            val missing = Paths.get("no/such/rotolog.properties").toAbsolutePath()
            shouldThrow<IllegalArgumentException> { ConfigurationLoader.load(empty, missing.toString()) }
                .message shouldBe
                "rotolog: the system property rotolog.configurationFile names $missing, which does not exist; " +
                    "point it at a properties file, or remove it to use rotolog.properties from the class path"
            val dir = Files.createTempDirectory("a-dir")
            shouldThrow<IllegalArgumentException> { ConfigurationLoader.load(empty, dir.toString()) }.message shouldBe
                "rotolog: the system property rotolog.configurationFile names $dir, which is not a regular file; " +
                    "point it at a properties file, or remove it to use rotolog.properties from the class path"
            shouldThrow<IllegalArgumentException> { ConfigurationLoader.load(empty, "bad\u0000path") }
                .message!! shouldStartWith
                "rotolog: the system property rotolog.configurationFile = \"bad\u0000path\" is not a valid path: "
        }

        test("a wrong file named by the property fails with its problems") {
            val file = Files.createTempFile("wrong", ".properties")
            Files.writeString(file, "level = LOUD\n")
            shouldThrow<IllegalArgumentException> { ConfigurationLoader.load(empty, file.toString()) }.message shouldBe
                "rotolog: invalid configuration in ${file.toAbsolutePath()} (system property rotolog.configurationFile) (1 problem):\n" +
                    "  - level = \"LOUD\" is not allowed; use one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"
        }

        test("rotolog.properties on the class path is used when the property is not set") {
            val dir = dirWithProperties("level = WARN\nfile.main.path = logs/cp.log\n")
            val loaded = ConfigurationLoader.load(classPathWith(dir), null) { error("no notice expected: $it") }
            loaded.config.rootLevel shouldBe Level.WARN
            loaded.origin shouldBe "${dir.resolve("rotolog.properties").toUri().toURL()} (class path)"
        }

        test("a wrong rotolog.properties on the class path fails naming its URL") {
            val dir = dirWithProperties("file.main.path = logs/cp.log\nfile.main.queueCapacity = 0\n")
            shouldThrow<IllegalArgumentException> { ConfigurationLoader.load(classPathWith(dir), "") }.message shouldBe
                "rotolog: invalid configuration in ${dir.resolve("rotolog.properties").toUri().toURL()} (class path) (1 problem):\n" +
                    "  - file.main.queueCapacity: 0 is out of range; use 1 to 16777216"
        }

        test("several rotolog.properties on the class path: the first is used and the others are named") {
            val first = dirWithProperties("level = WARN\n")
            val second = dirWithProperties("level = TRACE\n")
            val notices = ArrayList<String>()
            ConfigurationLoader.load(classPathWith(first, second), null) { notices += it }.config.rootLevel shouldBe
                Level.WARN
            notices shouldBe
                listOf(
                    "rotolog: rotolog.properties is on the class path 2 times; using ${first.resolve("rotolog.properties").toUri().toURL()} " +
                        "and ignoring ${second.resolve("rotolog.properties").toUri().toURL()}"
                )
        }

        test("with no configuration at all: INFO and above to logs/app.log, announced once") {
            val notices = ArrayList<String>()
            val loaded = ConfigurationLoader.load(empty, null) { notices += it }
            loaded.config.rootLevel shouldBe Level.INFO
            loaded.config.files.single().path shouldBe Paths.get("logs/app.log")
            notices shouldBe
                listOf(
                    "rotolog: no configuration found (system property rotolog.configurationFile is not set and there is no " +
                        "rotolog.properties on the class path); logging INFO and above to ${Paths.get("logs/app.log").toAbsolutePath()}"
                )
        }
    })
