package dev.rotolog.slf4j.config

import dev.rotolog.config.FrontEnd
import dev.rotolog.config.Scope
import dev.rotolog.config.TargetSettings
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** The key tables of docs/kotlin.md and docs/slf4j.md list exactly the settings of the schema, so they cannot drift. */
class DocsTablesTest :
    FunSpec({
        val docs =
            generateSequence(Paths.get("").toAbsolutePath()) { it.parent }
                .map { it.resolve("docs") }
                .first { Files.isRegularFile(it.resolve("slf4j.md")) }

        /**
         * The rows of every settings table (a table whose header starts with `setting` or `key`): first cell to third.
         */
        fun rows(file: Path): List<Pair<String, String>> {
            val rows = ArrayList<Pair<String, String>>()
            var inTable = false
            for (line in Files.readAllLines(file)) {
                if (!line.startsWith("|")) {
                    inTable = false
                    continue
                }
                val cells = line.trim('|').split(" | ").map { it.trim() }
                when {
                    cells[0] == "setting" || cells[0] == "key" -> inTable = true
                    !inTable || cells[0].startsWith("---") -> {}
                    else -> rows += cells[0] to cells[2]
                }
            }
            return rows
        }

        /** `loggers(...)` is the DSL's spelling of the key `loggers`. */
        fun key(cell: String): String = cell.removeSurrounding("`").removeSuffix("(...)")

        test("docs/kotlin.md lists every setting of the DSL, and nothing else") {
            val documented =
                rows(docs.resolve("kotlin.md")).map { key(it.first) }.toSet() + "stream" // stream is in prose
            val schema =
                (TargetSettings.of(Scope.FILE, FrontEnd.DSL) + TargetSettings.of(Scope.CONSOLE, FrontEnd.DSL)).map {
                    it.path
                }
            documented shouldBe schema.toSet()
        }

        test("docs/slf4j.md lists every key of a file target with the schema's default") {
            val documented = rows(docs.resolve("slf4j.md")).associate { (cell, default) -> key(cell) to default }
            val expected = LinkedHashMap<String, String>()
            expected["path"] = "—"
            for (setting in TargetSettings.of(Scope.FILE, FrontEnd.PROPERTIES)) {
                val name =
                    if (setting === TargetSettings.perLevelPattern) "pattern.TRACE` … `pattern.ERROR"
                    else PropertiesSpelling.setting(setting)
                expected[name] = setting.defaultText
            }
            documented shouldBe expected
            // The table's per-level row stands for the keys the reader knows.
            PropertiesConfig.knownKeys(Scope.FILE).toSet() shouldBe
                (expected.keys - "pattern.TRACE` … `pattern.ERROR" +
                    listOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR").map { "pattern.$it" })
        }
    })
