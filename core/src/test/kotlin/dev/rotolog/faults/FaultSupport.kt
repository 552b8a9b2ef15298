package dev.rotolog.faults

import dev.rotolog.multiprocess.WorkDirs
import dev.rotolog.testkit.ChildJvm
import dev.rotolog.testkit.ChildProtocol
import io.kotest.assertions.withClue
import io.kotest.core.test.Enabled
import io.kotest.core.test.TestCase
import io.kotest.matchers.shouldBe
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.LockSupport

/**
 * The one line per case that the fault suite prints, `FAULT-SUITE <case>: key=value ...`, so a build log can be grepped
 * and its figures quoted.
 */
object FaultFigures {
    fun print(case: String, vararg figures: Pair<String, Any?>) {
        val line = figures.joinToString(" ") { (key, value) -> "$key=$value" }
        println("FAULT-SUITE $case: $line")
    }
}

/**
 * A test's enabled-check that runs [reasonToSkip] once and, when it names a reason, prints `FAULT-SUITE <case>:
 * SKIPPED, <reason>` on stdout and disables the test with that reason (it is reported as skipped, never as passed).
 */
fun skipUnlessPossible(case: String, reasonToSkip: () -> String?): (TestCase) -> Enabled {
    val reason by lazy { runCatching(reasonToSkip).getOrElse { "the check itself failed: $it" } }
    return {
        val why = reason
        if (why == null) {
            Enabled.enabled
        } else {
            println("FAULT-SUITE $case: SKIPPED, $why")
            Enabled.disabled(why)
        }
    }
}

/** The output and exit code of a command run to its end. */
class CommandResult(val exitCode: Int, val output: String) {
    val ok: Boolean
        get() = exitCode == 0
}

/** Small host facts and commands the fault cases need (root, mounts, packages, another user). */
object Host {
    /** Runs [command] with stdout and stderr merged; a command still running after [timeoutSeconds] is killed. */
    fun run(vararg command: String, timeoutSeconds: Long = 60): CommandResult {
        val process =
            try {
                ProcessBuilder(*command).redirectErrorStream(true).start()
            } catch (e: java.io.IOException) {
                return CommandResult(127, "cannot run ${command.first()}: ${e.message}")
            }
        val output = StringBuilder()
        val reader = Thread { output.append(process.inputStream.bufferedReader().readText()) }.apply { start() }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor()
            reader.join(5_000)
            return CommandResult(124, "${command.joinToString(" ")} did not finish within $timeoutSeconds s\n$output")
        }
        reader.join(5_000)
        return CommandResult(process.exitValue(), output.toString())
    }

    val isRoot: Boolean by lazy { run("id", "-u").output.trim() == "0" }

    /** The first of [candidates] that is an executable file, or null. */
    fun executable(vararg candidates: String): Path? =
        candidates.map { Path.of(it) }.firstOrNull { Files.isRegularFile(it) && Files.isExecutable(it) }

    /** Whether [dir] is a mount point now (by /proc/self/mounts). */
    fun isMountPoint(dir: Path): Boolean {
        val target = dir.toAbsolutePath().normalize().toString()
        return Files.readAllLines(Path.of("/proc/self/mounts")).any { it.split(' ').getOrNull(1) == target }
    }
}

/**
 * Mounts a small tmpfs (root only) for disk-full cases. [reasonItCannot] says why it cannot be done here, by trying a 1
 * MiB mount once.
 */
object Tmpfs {
    fun mount(dir: Path, size: String): CommandResult {
        Files.createDirectories(dir)
        return Host.run("mount", "-t", "tmpfs", "-o", "size=$size,mode=0755", "tmpfs", dir.toString())
    }

    fun unmount(dir: Path) {
        if (!Host.isMountPoint(dir)) return
        if (!Host.run("umount", dir.toString()).ok) Host.run("umount", "-l", dir.toString())
    }

    fun reasonItCannot(probeDir: Path): String? {
        if (!Host.isRoot)
            return "mounting a tmpfs needs root (this JVM runs as uid ${Host.run("id", "-u").output.trim()})"
        unmount(probeDir)
        val result = mount(probeDir, "1m")
        if (!result.ok) return "mount -t tmpfs was refused: ${result.output.trim()}"
        unmount(probeDir)
        return null
    }
}

/**
 * The real logrotate: found on the path, or installed with `apt-get install -y logrotate` after `apt-get update` when
 * it is missing and this JVM runs as root.
 */
object Logrotate {
    private val candidates = arrayOf("/usr/sbin/logrotate", "/usr/bin/logrotate", "/sbin/logrotate")

    val binaryOrReason: Pair<Path?, String?> by lazy { find() }

    private fun find(): Pair<Path?, String?> {
        Host.executable(*candidates)?.let {
            return it to null
        }
        if (!Host.isRoot) return null to "logrotate is not installed and installing it needs root"
        if (Host.executable("/usr/bin/apt-get") == null)
            return null to "logrotate is not installed and there is no apt-get"
        println("FAULT-SUITE logrotate: installing the Debian package (apt-get update; apt-get install -y logrotate)")
        val update = Host.run("apt-get", "update", timeoutSeconds = 240)
        if (!update.ok) return null to "apt-get update failed: ${update.output.lines().takeLast(3).joinToString(" | ")}"
        val install =
            Host.run(
                "env",
                "DEBIAN_FRONTEND=noninteractive",
                "apt-get",
                "install",
                "-y",
                "logrotate",
                timeoutSeconds = 240,
            )
        if (!install.ok)
            return null to
                "apt-get install -y logrotate failed: ${install.output.lines().takeLast(3).joinToString(" | ")}"
        return (Host.executable(*candidates) ?: return null to "apt-get installed logrotate but no binary was found") to
            null
    }
}

/**
 * Runs child JVMs as the user `nobody` (`setpriv --reuid=nobody --regid=nogroup --clear-groups`), on a copy of this
 * JVM's class path that nobody can read (the Maven repository under /root is not readable by others).
 */
object AsNobody {
    val launcher: List<String> = listOf("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")

    /** The class path copy, made once per test JVM under a fresh directory in /tmp. */
    val classPath: String by lazy { copyClassPath() }

    fun reasonItCannot(): String? {
        if (!Host.isRoot) return "running a child as nobody needs root (setpriv changes the user)"
        if (Host.executable("/usr/bin/setpriv", "/bin/setpriv") == null) return "setpriv (util-linux) is not installed"
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val probe = Host.run(*(launcher + listOf(java, "-version")).toTypedArray(), timeoutSeconds = 60)
        if (!probe.ok) return "nobody cannot run $java: ${probe.output.lines().take(2).joinToString(" | ")}"
        val uid = Host.run(*(launcher + listOf("id", "-u")).toTypedArray()).output.trim()
        if (uid == "0") return "setpriv did not drop root (id -u says 0)"
        return null
    }

    private fun copyClassPath(): String {
        val root = Files.createTempDirectory("rotolog-faults-classpath-")
        Runtime.getRuntime().addShutdownHook(Thread { runCatching { deleteTree(root) } })
        root.toFile().setReadable(true, false)
        root.toFile().setExecutable(true, false)
        val entries =
            System.getProperty("java.class.path").split(java.io.File.pathSeparatorChar).filter { it.isNotEmpty() }
        val copies =
            entries.mapIndexedNotNull { i, entry ->
                val source = Path.of(entry)
                if (!Files.exists(source)) return@mapIndexedNotNull null
                val target = root.resolve("$i-${source.fileName}")
                Files.walk(source).use { paths ->
                    paths.forEach { path ->
                        val copy = target.resolve(source.relativize(path).toString())
                        if (Files.isDirectory(path)) Files.createDirectories(copy) else Files.copy(path, copy)
                        copy.toFile().setReadable(true, false)
                        if (Files.isDirectory(copy)) copy.toFile().setExecutable(true, false)
                    }
                }
                target.toString()
            }
        return copies.joinToString(java.io.File.pathSeparator)
    }
}

/** One line of the rotation journal the children append to under the lock: `pid reason periodStart index archive`. */
class JournalEntry(val pid: Long, val reason: String, val periodStart: Long, val index: Int, val archive: String)

fun readJournal(journal: Path): List<JournalEntry> =
    if (!Files.exists(journal)) {
        emptyList()
    } else {
        Files.readAllLines(journal)
            .filter { it.isNotBlank() }
            .map { line ->
                val f = line.split(' ')
                JournalEntry(f[0].toLong(), f[1], f[2].toLong(), f[3].toInt(), f[4])
            }
    }

/** What rotolog's final report on stderr says about one target: `accepted`, `written`, `dropped`, `lost`. */
class FinalFigures(val accepted: Long, val written: Long, val dropped: Long, val lost: Long, val line: String) {
    override fun toString(): String = "accepted=$accepted written=$written dropped=$dropped lost=$lost (from: $line)"

    companion object {
        private val WORDS = listOf("accepted", "written", "dropped", "lost")

        /**
         * The last stderr line that names all four figures in one of the usual ways of writing a count next to its
         * name, the same way for all four: `word=N` (or `word: N`), `N word` (or `N records word`), or `word N`; digits
         * may be grouped with `,` or `_`. Null when there is none. The format is rotolog's to choose; this only has to
         * find the numbers.
         */
        fun lastIn(stderr: String): FinalFigures? =
            stderr.lines().asReversed().firstNotNullOfOrNull { line ->
                val lower = line.lowercase()
                if (!WORDS.all { it in lower }) return@firstNotNullOfOrNull null
                STYLES.firstNotNullOfOrNull { style ->
                    val values =
                        WORDS.map { word ->
                            style(word).find(lower)?.groupValues?.get(1)?.filter { it.isDigit() }?.toLongOrNull()
                                ?: return@firstNotNullOfOrNull null
                        }
                    FinalFigures(values[0], values[1], values[2], values[3], line)
                }
            }

        private const val NUMBER = """(\d[\d,_]*)"""
        private val STYLES: List<(String) -> Regex> =
            listOf(
                { word -> Regex("""\b$word\s*[=:]\s*$NUMBER""") },
                { word -> Regex("""$NUMBER\s+(?:records?\s+)?(?:were\s+)?$word\b""") },
                { word -> Regex("""\b$word\s+$NUMBER""") },
            )
    }
}

/** A child's `COUNTERS` line. */
class CounterSample(
    val at: Long,
    val accepted: Long,
    val written: Long,
    val dropped: Long,
    val lost: Long,
    val errors: Long,
) {
    companion object {
        fun all(child: ChildJvm): List<CounterSample> =
            child.output
                .filter { it.startsWith(ChildProtocol.COUNTERS + " ") }
                .map { line ->
                    val f = ChildProtocol.fields(line)
                    CounterSample(
                        f.getValue("at").toLong(),
                        f.getValue("accepted").toLong(),
                        f.getValue("written").toLong(),
                        f.getValue("dropped").toLong(),
                        f.getValue("lost").toLong(),
                        f.getValue("errors").toLong(),
                    )
                }
    }
}

/**
 * Holds rotolog's cross-process lock on [lockFile] from this JVM, as a foreign process would: a POSIX record lock
 * through `FileChannel.lock()`, the same kind rotolog takes. This JVM must not open the file otherwise while it holds
 * the lock (closing any channel on it would drop the lock).
 */
class ForeignLock(lockFile: Path) : AutoCloseable {
    private val channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
    private val lock: FileLock = channel.lock()

    /** Replaces the file's content through the locked channel (another channel's close would drop the lock). */
    fun overwrite(content: ByteArray) {
        channel.truncate(0)
        val buffer = java.nio.ByteBuffer.wrap(content)
        var position = 0L
        while (buffer.hasRemaining()) position += channel.write(buffer, position)
    }

    override fun close() {
        runCatching { lock.release() }
        channel.close()
    }
}

/** Parks until the wall clock reads [epochMillis] (fault timing, not synchronization). */
fun parkUntilWallClock(epochMillis: Long) {
    while (true) {
        val left = epochMillis - System.currentTimeMillis()
        if (left <= 0) return
        LockSupport.parkNanos(if (left > 2) (left - 1) * 1_000_000 else 100_000)
    }
}

/** Milliseconds from the nearest whole second of the wall clock: -500 until 500. */
fun offsetFromSecondBoundary(epochMillis: Long): Long = Math.floorMod(epochMillis + 500, 1000L) - 500

/** Deletes [dir] and everything in it, not following symlinks; a missing directory is fine. */
fun deleteTree(dir: Path) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return
    Files.walk(dir).use { paths -> paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) } }
}

/** A millisecond figure with its unit, for the summary lines. */
fun ms(millis: Long): String = "${millis}ms"

/**
 * A fresh working directory for a fault case (see [WorkDirs]); a tmpfs a crashed earlier run left mounted inside it is
 * unmounted first, or the directory could not be emptied.
 */
fun faultDir(name: String): Path {
    val root =
        Path.of(System.getProperty("rotolog.work.dir", "target/multiprocess"))
            .resolve(name)
            .toAbsolutePath()
            .normalize()
    if (Files.exists(root)) {
        val mounts = Files.readAllLines(Path.of("/proc/self/mounts")).mapNotNull { it.split(' ').getOrNull(1) }
        mounts.filter { it.startsWith("$root/") }.sortedDescending().forEach { Tmpfs.unmount(Path.of(it)) }
    }
    return WorkDirs.fresh(name)
}

/** Asserts that a measured time exists and is at most [limitMillis], with a message that says which. */
fun measuredWithin(what: String, millis: Long?, limitMillis: Long) {
    val clue =
        if (millis == null) "$what: never happened within the wait"
        else "$what: took $millis ms, allowed $limitMillis ms"
    withClue(clue) { (millis != null && millis <= limitMillis) shouldBe true }
}
