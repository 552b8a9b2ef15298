package dev.rotolog.testkit

import dev.rotolog.OverflowPolicy
import dev.rotolog.PeriodUnit
import dev.rotolog.Rotolog
import dev.rotolog.archive.ArchiveStep
import dev.rotolog.info
import dev.rotolog.internal.Environment
import dev.rotolog.layout.PatternLayout
import dev.rotolog.rotation.RotationStep
import dev.rotolog.rotologConfig
import java.io.BufferedReader
import java.io.InputStreamReader
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.ZoneOffset
import java.util.concurrent.CountDownLatch
import java.util.concurrent.locks.LockSupport
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.milliseconds

/** How a [LoggingChild] ends once its threads have logged everything. */
enum class ChildEnd {
    /** Calls `close()` on the owner, prints its stats, and exits. */
    CLOSE,

    /** Returns from `main` without closing: the shutdown hook must write what is queued. */
    RETURN,

    /** Calls `System.exit(0)` without closing: the shutdown hook must write what is queued. */
    EXIT,
}

/** What a [LoggingChild] does; passed on its command line as `key=value` arguments. */
class LoggingChildOptions(
    val file: Path,
    val process: Int,
    val threads: Int = 2,
    /** Records per thread; [UNTIL_KILLED] logs until the process is killed. */
    val recordsPerThread: Int,
    val end: ChildEnd = ChildEnd.CLOSE,
    /** When positive, every thread stops after this many records until the parent sends another GO. */
    val pauseAfter: Int = 0,
    /** When positive, each thread prints a PROGRESS line every this many records. */
    val progressEvery: Int = 0,
    /** When positive, the file rotates every this many seconds (UTC). */
    val rotateSeconds: Int = 0,
    /** When positive, the file rotates before it would grow past this many bytes. */
    val maxSize: Long = 0,
    /** When positive, each thread logs at most this many records per second (paces a run over time). */
    val recordsPerSecond: Int = 0,
    /** When set, every rotation this JVM carries out is appended to this file while the lock is held. */
    val journal: Path? = null,
    /** When true, the child prints RENAMED and stops for good right after its first rotation's rename. */
    val hangAfterRename: Boolean = false,
    /** Milliseconds the child stays idle after logging, before it ends (the ticker keeps running). */
    val idleMillis: Long = 0,
    /** When true (and rotating), archives are gzip-compressed in the background. */
    val compress: Boolean = false,
    /** When positive (and rotating), at most this many archives are kept. */
    val keepArchives: Int = 0,
    /**
     * When not empty, the name of an `ArchiveStep`: the child's archiver stops for good the first time it reaches that
     * step (after GO), and the child prints ARCHIVE_PAUSED: the parent kills it there.
     */
    val archivePause: String = "",
    /** The overflow policy of the target; null keeps rotolog's default. */
    val overflow: OverflowPolicy? = null,
    /** When positive, the target's queue capacity (else rotolog's default). */
    val queueCapacity: Int = 0,
    /** When positive, the target's block timeout in milliseconds (else rotolog's default). */
    val blockTimeoutMillis: Long = 0,
    /** When positive, the target's close timeout in milliseconds (else rotolog's default). */
    val closeTimeoutMillis: Long = 0,
    /**
     * When positive, a daemon thread prints a [ChildProtocol.COUNTERS] line every this many milliseconds from GO on,
     * stamped with the wall clock, so the parent can see when writing stalls and resumes.
     */
    val countersEveryMillis: Long = 0,
) {
    init {
        require(process >= 0 && threads > 0 && recordsPerThread >= 0) { "bad child options: ${toArgs()}" }
        // A pause point the threads never reach would leave the child waiting for them forever.
        require(pauseAfter == 0 || pauseAfter in 1 until recordsPerThread) {
            "pauseAfter=$pauseAfter must be 0 or within 1 until records=$recordsPerThread"
        }
    }

    fun toArgs(): List<String> =
        listOf(
            "file=$file",
            "process=$process",
            "threads=$threads",
            "records=$recordsPerThread",
            "end=$end",
            "pauseAfter=$pauseAfter",
            "progressEvery=$progressEvery",
            "rotateSeconds=$rotateSeconds",
            "maxSize=$maxSize",
            "recordsPerSecond=$recordsPerSecond",
            "journal=${journal ?: ""}",
            "hangAfterRename=$hangAfterRename",
            "idleMillis=$idleMillis",
            "compress=$compress",
            "keepArchives=$keepArchives",
            "archivePause=$archivePause",
            "overflow=${overflow ?: ""}",
            "queueCapacity=$queueCapacity",
            "blockTimeoutMillis=$blockTimeoutMillis",
            "closeTimeoutMillis=$closeTimeoutMillis",
            "countersEveryMillis=$countersEveryMillis",
        )

    /** What the checker should expect of this child; [killed] when the parent will kill it. */
    fun expectation(killed: Boolean = false): ProcessExpectation =
        ProcessExpectation(process, threads, recordsPerThread, killed)

    companion object {
        const val UNTIL_KILLED: Int = Int.MAX_VALUE

        fun parse(args: Array<String>): LoggingChildOptions {
            val map = args.associate { it.substringBefore('=') to it.substringAfter('=') }
            fun value(key: String) = map[key] ?: throw IllegalArgumentException("missing argument $key=...")
            fun optional(key: String) = map[key].orEmpty()
            return LoggingChildOptions(
                file = Path.of(value("file")),
                process = value("process").toInt(),
                threads = value("threads").toInt(),
                recordsPerThread = value("records").toInt(),
                end = ChildEnd.valueOf(value("end")),
                pauseAfter = value("pauseAfter").toInt(),
                progressEvery = value("progressEvery").toInt(),
                rotateSeconds = value("rotateSeconds").toInt(),
                maxSize = value("maxSize").toLong(),
                recordsPerSecond = value("recordsPerSecond").toInt(),
                journal = value("journal").takeIf { it.isNotEmpty() }?.let { Path.of(it) },
                hangAfterRename = value("hangAfterRename").toBoolean(),
                idleMillis = value("idleMillis").toLong(),
                compress = value("compress").toBoolean(),
                keepArchives = value("keepArchives").toInt(),
                archivePause = value("archivePause"),
                overflow = optional("overflow").takeIf { it.isNotEmpty() }?.let { OverflowPolicy.valueOf(it) },
                queueCapacity = optional("queueCapacity").toIntOrNull() ?: 0,
                blockTimeoutMillis = optional("blockTimeoutMillis").toLongOrNull() ?: 0,
                closeTimeoutMillis = optional("closeTimeoutMillis").toLongOrNull() ?: 0,
                countersEveryMillis = optional("countersEveryMillis").toLongOrNull() ?: 0,
            )
        }
    }
}

/**
 * The main class of a logging child JVM: configures rotolog on one file with [RecordFormat.PATTERN], waits at the start
 * barrier, then logs from `threads` threads named `w<t>`, each the records 0 until `records` of [RecordFormat.message],
 * and ends as [ChildEnd] says. Start it with [start].
 */
object LoggingChild {
    @JvmStatic
    fun main(args: Array<String>) {
        val options = LoggingChildOptions.parse(args)
        val stdin = BufferedReader(InputStreamReader(System.`in`, Charsets.UTF_8))
        val logging = startRotolog(options)
        val log = logging.logger("p${options.process}")
        fun written() = logging.stats().single().written

        say(ChildProtocol.READY)
        awaitGo(stdin)
        started.countDown()
        if (options.countersEveryMillis > 0) startCountersThread(logging, options.countersEveryMillis)

        val startNanos = System.nanoTime()
        val paused = CountDownLatch(options.threads)
        val resume = CountDownLatch(1)
        val failures = ArrayList<Throwable>()
        val workers =
            (0 until options.threads).map { t ->
                Thread(
                        {
                            var seq = 0
                            while (seq < options.recordsPerThread) {
                                if (seq == options.pauseAfter && options.pauseAfter > 0) {
                                    paused.countDown()
                                    resume.await()
                                }
                                val s = seq
                                log.info { RecordFormat.message(options.process, t, s) }
                                seq++
                                if (options.recordsPerSecond > 0) pace(startNanos, seq, options.recordsPerSecond)
                                if (options.progressEvery > 0 && seq % options.progressEvery == 0) {
                                    say("${ChildProtocol.PROGRESS} t=$t logged=$seq written=${written()}")
                                }
                            }
                        },
                        "w$t",
                    )
                    .apply {
                        setUncaughtExceptionHandler { _, e -> synchronized(failures) { failures += e } }
                        start()
                    }
            }
        if (options.pauseAfter > 0) {
            paused.await()
            logging.flush()
            say("${ChildProtocol.PAUSED} written=${written()}")
            awaitGo(stdin)
            resume.countDown()
        }
        workers.forEach { it.join() }
        if (options.idleMillis > 0) Thread.sleep(options.idleMillis) // the scenario: an idle process
        if (failures.isNotEmpty()) {
            failures.first().printStackTrace()
            exitProcess(3)
        }
        when (options.end) {
            ChildEnd.CLOSE -> {
                val closing = System.nanoTime()
                logging.close()
                say("${ChildProtocol.CLOSED} millis=${(System.nanoTime() - closing) / 1_000_000}")
                say(ChildStats.of(logging.stats().single()).toLine())
                say("${ChildProtocol.DONE} logged=${options.threads.toLong() * options.recordsPerThread}")
            }
            // Whatever is still queued now is left to the shutdown hook.
            ChildEnd.RETURN -> say("${ChildProtocol.DONE} written=${written()}")
            ChildEnd.EXIT -> {
                say("${ChildProtocol.DONE} written=${written()}")
                exitProcess(0)
            }
        }
    }

    /** Starts a child JVM running this main with [options]. */
    fun start(name: String, options: LoggingChildOptions, logDir: Path): ChildJvm =
        ChildJvm.start(name, LoggingChild::class.java.name, options.toArgs(), logDir)

    /** Starts a child JVM running this main with [options], with other JVM options, class path or [launcher]. */
    fun start(
        name: String,
        options: LoggingChildOptions,
        logDir: Path,
        jvmOptions: List<String> = ChildJvm.DEFAULT_JVM_OPTIONS,
        classPath: String = System.getProperty("java.class.path"),
        launcher: List<String> = emptyList(),
    ): ChildJvm =
        ChildJvm.start(name, LoggingChild::class.java.name, options.toArgs(), logDir, jvmOptions, classPath, launcher)

    /** Configures rotolog as [options] say; a refused start prints [ChildProtocol.START_FAILED] and exits with 4. */
    private fun startRotolog(options: LoggingChildOptions): Rotolog =
        try {
            Rotolog.start(
                rotologConfig {
                    file(options.file) {
                        layout = PatternLayout(RecordFormat.PATTERN, ZoneOffset.UTC)
                        options.overflow?.let { overflow = it }
                        if (options.queueCapacity > 0) queueCapacity = options.queueCapacity
                        if (options.blockTimeoutMillis > 0) blockTimeout = options.blockTimeoutMillis.milliseconds
                        if (options.closeTimeoutMillis > 0) closeTimeout = options.closeTimeoutMillis.milliseconds
                        if (options.rotateSeconds > 0 || options.maxSize > 0) {
                            rotate {
                                if (options.rotateSeconds > 0) every(options.rotateSeconds, PeriodUnit.SECONDS)
                                zone = ZoneOffset.UTC
                                if (options.maxSize > 0) maxSize = options.maxSize
                            }
                            compress = options.compress
                            if (options.keepArchives > 0) keep { archives = options.keepArchives }
                        }
                    }
                },
                testEnvironment(options),
            )
        } catch (failure: Throwable) {
            // The parent reads why the start was refused from one line (a start-up check is a tested promise).
            say(
                "${ChildProtocol.START_FAILED} ${failure.javaClass.name}: ${failure.message.orEmpty().replace('\n', ' ')}"
            )
            failure.printStackTrace()
            exitProcess(4)
        }

    /** Prints the target's counters every [everyMillis] ms, stamped with the wall clock, until the JVM ends. */
    private fun startCountersThread(logging: Rotolog, everyMillis: Long) {
        Thread(
                {
                    while (true) {
                        val s = logging.stats().single()
                        say(
                            "${ChildProtocol.COUNTERS} at=${System.currentTimeMillis()} accepted=${s.accepted} written=${s.written} " +
                                "dropped=${s.dropped} lost=${s.lost} errors=${s.errors}"
                        )
                        Thread.sleep(everyMillis)
                    }
                },
                "counters",
            )
            .apply {
                isDaemon = true
                start()
            }
    }

    /** Parks the thread until record [done] is due at [perSecond] records per second since [startNanos]. */
    private fun pace(startNanos: Long, done: Int, perSecond: Int) {
        val due = startNanos + done * 1_000_000_000L / perSecond
        while (true) {
            val wait = due - System.nanoTime()
            if (wait <= 0) return
            LockSupport.parkNanos(wait)
        }
    }

    private fun testEnvironment(options: LoggingChildOptions): Environment {
        var journalStep: ((RotationStep.Rotate) -> Unit)? = null
        var afterRename: ((Path) -> Unit)? = null
        var onArchiveStep: ((ArchiveStep, Path) -> Unit)? = null
        val journal = options.journal
        if (journal != null) {
            val pid = ProcessHandle.current().pid()
            journalStep = { step ->
                val line = "$pid ${step.reason} ${step.archivedPeriodStart} ${step.index} ${step.archiveName}\n"
                Files.writeString(journal, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
            }
        }
        if (options.archivePause.isNotEmpty()) {
            val pauseAt = ArchiveStep.valueOf(options.archivePause)
            onArchiveStep = { step, path ->
                if (step == pauseAt) {
                    started.await() // so the line comes after READY, where the parent looks for it
                    say("${ChildProtocol.ARCHIVE_PAUSED} step=$step file=${path.fileName}")
                    CountDownLatch(1).await() // holds the archiver lock until the parent kills this JVM
                }
            }
        }
        if (options.hangAfterRename) {
            afterRename = { archive ->
                say("${ChildProtocol.RENAMED} archive=${archive.fileName}")
                CountDownLatch(1).await() // holds the lock until the parent kills this JVM
            }
        }
        val onRotated = { archive: Path, step: RotationStep.Rotate ->
            afterRename?.invoke(archive)
            journalStep?.invoke(step)
            Unit
        }
        return Environment(onRotated = onRotated, onArchiveStep = onArchiveStep)
    }

    /** Counted down once the parent said GO. */
    private val started = CountDownLatch(1)

    private fun awaitGo(stdin: BufferedReader) {
        val line = stdin.readLine()
        if (line != ChildProtocol.GO) {
            System.err.println("expected ${ChildProtocol.GO} on stdin, got ${line ?: "end of input"}")
            exitProcess(2)
        }
    }

    private fun say(line: String) {
        synchronized(System.out) {
            println(line)
            System.out.flush()
        }
    }
}
