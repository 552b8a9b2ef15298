package dev.rotolog.writer

import dev.rotolog.FileTargetBuilder
import dev.rotolog.Rotolog
import dev.rotolog.RotologConfig
import dev.rotolog.internal.Environment
import dev.rotolog.layout.PatternLayout
import dev.rotolog.lock.LockFile
import dev.rotolog.rotologConfig
import java.nio.file.Files
import java.nio.file.Path

/** Lines of a test record: `<tag> S<seq> <filler>` so a checker can tell which record a line is. */
fun testLine(tag: String, seq: Int, length: Int = 40): String = "$tag S$seq " + "x".repeat(length)

private val lineRegex = Regex("""^(\S+) S(\d+) (x*)$""")

/** Parses [testLine] output; null for anything else (a torn line, a rotolog notice). */
fun parseTestLine(line: String): Pair<String, Int>? =
    lineRegex.matchEntire(line)?.let { it.groupValues[1] to it.groupValues[2].toInt() }

fun tempLogFile(prefix: String): Path = Files.createTempDirectory(prefix).resolve("app.log")

/** A config with one file target that writes only the message, and no shutdown hook (tests close it). */
fun messageOnlyConfig(file: Path, target: FileTargetBuilder.() -> Unit = {}): RotologConfig = rotologConfig {
    shutdownHook = false
    file(file) {
        layout = PatternLayout("%msg%n")
        target()
    }
}

/** Starts [config]; its file targets open and rename their active files through [io] when one is given. */
internal fun startWith(config: RotologConfig, io: LogFileIo? = null): Rotolog =
    Rotolog.start(config, if (io == null) Environment.DEFAULT else Environment(io = io))

internal fun startWith(config: RotologConfig, environment: Environment): Rotolog = Rotolog.start(config, environment)

/**
 * True while the writer thread of [file] waits for the in-JVM lock of its lock file (a test holds it): the writer has
 * taken a batch and can take no more records until the test lets go.
 */
fun writerWaitsForLock(file: Path): Boolean =
    Thread.getAllStackTraces().any { (thread, stack) ->
        // Coroutine debugging (on with -ea) appends " @<coroutine>" to the name while a coroutine runs.
        thread.name.substringBefore(" @") == "rotolog-writer:${file.fileName}" &&
            stack.any { it.className == LockFile::class.java.name && it.methodName == "lockInJvm" }
    }
