package dev.rotolog.internal

import dev.rotolog.info
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotolog
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import java.nio.file.Files
import java.nio.file.Paths

class PathTemplateTest :
    FunSpec({
        val hostile =
            listOf(
                "../../etc/passwd",
                "..",
                ".",
                "../",
                "/",
                "/abs/path",
                "a/b",
                "a\\b",
                "nul\u0000byte",
                "",
                "x".repeat(300),
                "日本語のキー",
                "emoji\uD83D\uDE00",
                "lone\uD800surrogate",
                ".hidden",
                "new\nline",
                "{key}",
                "~",
                "\$HOME",
                "C:",
            )

        withTests(
            nameFn = { "a hostile key ${it.replace("\u0000", "\\0").take(20)} stays one safe name in the directory" },
            hostile,
        ) { key ->
            val dir = Files.createTempDirectory("rotolog-template")
            val values = PathTemplate.Values(pid = { "1" }, host = { key }, key = key)
            for (template in listOf("app-{key}.log", "{key}", "{key}.log", "{host}-{key}", "{key}/app.log")) {
                val expanded = PathTemplate.expand(dir.resolve(template).toString(), "file", values)
                val path = Paths.get(expanded)
                val normalized = path.toAbsolutePath().normalize()
                normalized.startsWith(dir) shouldBe true
                // The value added no directory level: the expanded path has as many names as the template.
                normalized.nameCount shouldBe dir.resolve(template).nameCount
                normalized shouldBe path.toAbsolutePath()
                for (name in normalized.subpath(dir.nameCount, normalized.nameCount)) {
                    val text = name.toString()
                    text shouldMatch Regex("[A-Za-z0-9._-]+")
                    text.startsWith(".") shouldBe false
                    text.length shouldBeLessThanOrEqual 2 * PathTemplate.MAX_VALUE_LENGTH + 8
                }
            }
        }

        test("hostile keys used by a running owner write only inside the log directory") {
            val dir = Files.createTempDirectory("rotolog-template-run")
            val logDir = Files.createDirectories(dir.resolve("logs"))
            for ((i, key) in hostile.withIndex()) {
                System.setProperty(PathTemplate.KEY_PROPERTY, key)
                try {
                    val logging = rotolog {
                        shutdownHook = false
                        file(logDir.resolve("app-{key}.log")) { layout = PatternLayout("%msg%n") }
                    }
                    logging.logger("t").info { "record $i" }
                    logging.close()
                } finally {
                    System.clearProperty(PathTemplate.KEY_PROPERTY)
                }
            }
            // Nothing was created outside logs/, and every key got a file (and lock file) of its own inside it.
            Files.list(dir).use { it.toList() } shouldContainExactly listOf(logDir)
            val logs =
                Files.list(logDir)
                    .use { stream -> stream.toList().map { it.fileName.toString() } }
                    .filter { it.endsWith(".log") }
            logs.size shouldBe hostile.size
            val records = logs.map { Files.readAllLines(logDir.resolve(it)).single() }.sorted()
            records shouldBe hostile.indices.map { "record $it" }.sorted()
        }

        test("sanitized values are distinct for distinct keys, and readable ones stay as they are") {
            PathTemplate.sanitize("worker-3") shouldBe "worker-3"
            PathTemplate.sanitize("host.example.com") shouldBe "host.example.com"
            PathTemplate.sanitize("a_b") shouldBe "a_5fb"
            PathTemplate.sanitize("a/b") shouldBe "a_2fb"
            PathTemplate.sanitize("") shouldBe "_"
            PathTemplate.sanitize("..") shouldBe "_2e."
            PathTemplate.sanitize("é") shouldBe "_c3_a9"
            val long = PathTemplate.sanitize("x".repeat(300))
            long.length shouldBe PathTemplate.MAX_VALUE_LENGTH
            long shouldBe "x".repeat(47) + long.takeLast(17)
            long shouldMatch Regex("x{47}-[0-9a-f]{16}")
            (PathTemplate.sanitize("x".repeat(300)) == PathTemplate.sanitize("x".repeat(301))) shouldBe false
            hostile.map { PathTemplate.sanitize(it) }.toSet().size shouldBe hostile.size
        }

        test("{pid} is this process's id") {
            PathTemplate.expand("app-{pid}.log", "file", PathTemplate.processValues) shouldBe
                "app-${ProcessHandle.current().pid()}.log"
        }
    })
