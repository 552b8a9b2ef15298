package dev.rotolog.testkit

import java.io.BufferedReader
import java.io.InputStreamReader
import java.io.Writer
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/**
 * A child JVM started on this JVM's class path, talking a line protocol: the parent reads its stdout line by line
 * ([awaitLine]) and writes lines to its stdin ([send]); stderr goes to a file for diagnostics.
 *
 * Every wait has a timeout and fails with the child's recent output and stderr, so a hung child fails a test instead of
 * blocking the build. [close] kills a child that is still running.
 */
class ChildJvm private constructor(val name: String, private val process: Process, private val stderrFile: Path) :
    AutoCloseable {
    private val stdin: Writer = process.outputStream.bufferedWriter(Charsets.UTF_8)
    private val incoming = LinkedBlockingQueue<String>()
    private val transcript = ArrayList<String>()

    private val reader =
        Thread({ pump() }, "child-stdout:$name").apply {
            isDaemon = true
            start()
        }

    val pid: Long
        get() = process.pid()

    val isAlive: Boolean
        get() = process.isAlive

    /** Every stdout line read so far, in order. */
    val output: List<String>
        get() = synchronized(transcript) { transcript.toList() }

    /**
     * Waits for the next stdout line that satisfies [accept], skipping others (they stay in [output]). Throws
     * [ChildJvmException] when the child ends or [timeout] passes first.
     */
    fun awaitLine(timeout: Duration = DEFAULT_TIMEOUT, accept: (String) -> Boolean): String {
        val deadline = System.nanoTime() + timeout.inWholeNanoseconds
        while (true) {
            val left = deadline - System.nanoTime()
            if (left <= 0) throw failure("no expected line within $timeout")
            val line = incoming.poll(left, TimeUnit.NANOSECONDS) ?: continue
            if (line === EOF) {
                incoming.put(EOF)
                throw failure("the child closed its stdout without the expected line")
            }
            if (accept(line)) return line
        }
    }

    /** Waits for the next line starting with [prefix]. */
    fun awaitLineStartingWith(prefix: String, timeout: Duration = DEFAULT_TIMEOUT): String =
        awaitLine(timeout) { it.startsWith(prefix) }

    /** Writes [line] and a newline to the child's stdin. */
    fun send(line: String) {
        stdin.write(line)
        stdin.write("\n")
        stdin.flush()
    }

    /** Waits for the child to exit and returns its exit code; kills it and throws if [timeout] passes first. */
    fun awaitExit(timeout: Duration = DEFAULT_TIMEOUT): Int {
        if (!process.waitFor(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)) {
            val error = failure("did not exit within $timeout")
            process.destroyForcibly()
            throw error
        }
        reader.join(TimeUnit.SECONDS.toMillis(10))
        return process.exitValue()
    }

    /** Kills the child with SIGKILL (on Linux) and waits until it is gone; returns its exit code (137). */
    fun kill(): Int {
        process.destroyForcibly()
        return awaitExit()
    }

    /** The child's stderr so far (the end of it, when long). */
    fun stderr(): String {
        if (!Files.exists(stderrFile)) return ""
        val text = Files.readString(stderrFile, Charsets.UTF_8)
        return if (text.length > STDERR_SHOWN) "…" + text.takeLast(STDERR_SHOWN) else text
    }

    override fun close() {
        if (process.isAlive) {
            process.destroyForcibly()
            process.waitFor(30, TimeUnit.SECONDS)
        }
        runCatching { stdin.close() }
    }

    private fun pump() {
        try {
            BufferedReader(InputStreamReader(process.inputStream, Charsets.UTF_8)).use { input ->
                while (true) {
                    val line = input.readLine() ?: break
                    synchronized(transcript) { transcript += line }
                    incoming.put(line)
                }
            }
        } catch (_: java.io.IOException) {
            // The pipe closes when the child dies; that is the end of its output.
        } finally {
            incoming.put(EOF)
        }
    }

    private fun failure(what: String): ChildJvmException {
        val state = if (process.isAlive) "running" else "exited with ${process.exitValue()}"
        val recent = output.takeLast(10).joinToString("\n    ")
        return ChildJvmException(
            "child $name (pid $pid, $state): $what\n  last stdout lines:\n    $recent\n  stderr:\n${stderr()}"
        )
    }

    companion object {
        val DEFAULT_TIMEOUT: Duration = 3.minutes
        private const val STDERR_SHOWN = 4_000

        // A distinct instance, compared by identity, so no line the child prints can be mistaken for it.
        private val EOF = String(charArrayOf('<', 'E', 'O', 'F', '>'))

        /** Options that keep several children light on a small machine. */
        val DEFAULT_JVM_OPTIONS: List<String> = listOf("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k")

        /**
         * Starts `java -cp <classPath> [mainClass] [args]`; stderr goes to `<logDir>/<name>.stderr`. The class path is
         * this JVM's unless given (the benchmarks give each backend a class path of its own). [launcher] goes before
         * `java`, e.g. `setpriv --reuid=nobody ...` to run the child as another user.
         */
        fun start(
            name: String,
            mainClass: String,
            args: List<String>,
            logDir: Path,
            jvmOptions: List<String> = DEFAULT_JVM_OPTIONS,
            classPath: String = System.getProperty("java.class.path"),
            launcher: List<String> = emptyList(),
        ): ChildJvm {
            Files.createDirectories(logDir)
            val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
            val command = launcher + listOf(java) + jvmOptions + listOf("-cp", classPath, mainClass) + args
            val stderrFile = logDir.resolve("$name.stderr")
            val process =
                ProcessBuilder(command)
                    .redirectError(stderrFile.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start()
            return ChildJvm(name, process, stderrFile)
        }
    }
}

/** A child JVM did not do what the protocol expected in time; the message carries its output. */
class ChildJvmException(message: String) : RuntimeException(message)
