package dev.rotolog.writer

import dev.rotolog.FileTargetBuilder
import dev.rotolog.Rotolog
import dev.rotolog.RotologConfig
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotologConfig
import java.nio.file.Files
import java.nio.file.Path

/** Lines of a test record: `<tag> S<seq> <filler>` so a checker can tell which record a line is. */
fun testLine(tag: String, seq: Int, length: Int = 40): String = "$tag S$seq " + "x".repeat(length)

private val lineRegex = Regex("""^(\S+) S(\d+) (x*)$""")

/** Parses [testLine] output; null for anything else (a torn line, a rotolog notice). */
fun parseTestLine(line: String): Pair<String, Int>? = lineRegex.matchEntire(line)?.let { it.groupValues[1] to it.groupValues[2].toInt() }

fun tempLogFile(prefix: String): Path = Files.createTempDirectory(prefix).resolve("app.log")

/** A config with one file target that writes only the message, and no shutdown hook (tests close it). */
fun messageOnlyConfig(file: Path, target: FileTargetBuilder.() -> Unit = {}): RotologConfig =
    rotologConfig {
        shutdownHook = false
        file(file) {
            layout = PatternLayout("%msg%n")
            target()
        }
    }

internal fun startWith(config: RotologConfig, io: LogFileIo? = null): Rotolog =
    Rotolog.start(if (io == null) config else config.withFiles { it.withIo(io) })

/** Test-only copy of a config with its file targets changed. */
internal fun RotologConfig.withFiles(change: (dev.rotolog.FileTargetConfig) -> dev.rotolog.FileTargetConfig): RotologConfig =
    dev.rotolog.RotologConfig(rootLevel, loggerLevels, files.map(change), clock, shutdownHook)
