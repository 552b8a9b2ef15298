package dev.rotolog.archive

import dev.rotolog.lock.LockFiles
import dev.rotolog.rotation.ArchiveNaming
import dev.rotolog.rotation.PeriodBoundaries
import dev.rotolog.rotation.RotationSettings
import dev.rotolog.status.StatusReporter
import java.io.OutputStream
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.time.Clock
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.cancellation.CancellationException
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The archiver of one log file in this JVM: a coroutine on a thread of its own that compresses closed archives and
 * applies retention ([ArchivePass]), outside the writers' lock.
 *
 * It runs a pass at start (repairing what a crashed process left) and whenever the writer reports new archives
 * ([rotated]); requests that arrive during a pass fold into one more pass. A pass runs only under the cross-process
 * archiver lock (`app.log.archiver.lock`, see [lockPath]), taken with [dev.rotolog.lock.LockFile.tryWithLock] so that
 * passes of different processes never interleave: a `.gz.part` found while holding it was left by a process that died.
 * When another process holds it, this one polls again later ([Timing.busyMin] doubling to [Timing.busyMax]), since the
 * holder may have listed the directory before this process's newest archive appeared. A pass with failures (disk full)
 * is retried after [Timing.retryMin], doubling up to [Timing.retryMax]; a clean pass resets the backoff. Each requested
 * pass first waits a random time up to [ArchiveSettings.compressionDelay].
 *
 * Limits: [close] stops a pass in progress rather than finishing it (it is bounded; the next pass, in any process,
 * finishes the work).
 */
internal class Archiver(
    val activeFile: Path,
    rotation: RotationSettings,
    val settings: ArchiveSettings,
    clock: Clock,
    private val status: StatusReporter,
    /** Permissions of the files the archiver creates; null gives each `.gz` its raw archive's permissions. */
    permissions: Set<PosixFilePermission>? = null,
    private val timing: Timing = Timing(),
    private val random: Random = Random.Default,
    /** Where the archiver's coroutine runs; null for a daemon thread of its own. Tests pass a test dispatcher. */
    dispatcher: CoroutineDispatcher? = null,
    /** Wraps the output into each `.part` file; tests put a failing stream here. */
    wrapOutput: (OutputStream) -> OutputStream = { it },
    /** Told of each [ArchiveStep] a pass reaches (see `Environment.onArchiveStep`). */
    onStep: (ArchiveStep, Path) -> Unit = ArchivePass.NO_STEPS,
) {
    /** The backoffs of [Archiver]. */
    class Timing(
        val retryMin: Duration = 1.seconds,
        val retryMax: Duration = Duration.parse("5m"),
        val busyMin: Duration = Duration.parse("100ms"),
        val busyMax: Duration = 5.seconds,
    )

    val counters: ArchiverCounters = ArchiverCounters()
    private val name = "rotolog-archiver:${activeFile.fileName}"
    private val lock = LockFiles.acquire(lockPath(activeFile), permissions, status)
    private val pass: ArchivePass
    private val requests = Channel<Unit>(Channel.CONFLATED)
    private val closed = AtomicBoolean(false)
    private val executor: ExecutorService? =
        if (dispatcher != null) null
        else Executors.newSingleThreadExecutor { task -> Thread(task, name).apply { isDaemon = true } }
    private val scope =
        CoroutineScope(SupervisorJob() + (dispatcher ?: executor!!.asCoroutineDispatcher()) + CoroutineName(name))

    init {
        val naming = ArchiveNaming(activeFile.fileName.toString(), rotation.period?.unit)
        val boundaries = rotation.period?.let { PeriodBoundaries(it, rotation.zone) }
        val planner =
            RetentionPlanner(settings.retention) { archive ->
                boundaries?.let { RetentionPlanner.periodEnd(it, archive) }
            }
        val directory = ArchiveDirectory(activeFile.toAbsolutePath().parent, naming)
        val compressor = GzipCompressor(permissions, wrapOutput, onStep)
        pass = ArchivePass(directory, settings.compress, planner, compressor, clock, status, counters, onStep)
        requests.trySend(Unit)
    }

    private val job = scope.launch { loop() }

    /** Asks for a pass because the writer just created archives; never blocks or throws. */
    fun rotated() {
        requests.trySend(Unit)
    }

    /** Stops the archiver, abandoning a pass in progress, waiting at most [timeout]. Idempotent. */
    fun close(timeout: Duration = 5.seconds) {
        requests.close()
        try {
            runBlocking { withTimeoutOrNull(timeout) { job.cancelAndJoin() } }
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
        }
        executor?.shutdown()
        if (closed.compareAndSet(false, true)) LockFiles.release(lock)
    }

    private suspend fun loop() {
        var retryMillis = timing.retryMin.inWholeMilliseconds
        var busyMillis = timing.busyMin.inWholeMilliseconds
        var nextAttemptIn = -1L
        val spreadMillis = settings.compressionDelay.inWholeMilliseconds
        while (true) {
            // Null: the retry time came first.
            val request =
                if (nextAttemptIn < 0) requests.receiveCatching()
                else withTimeoutOrNull(nextAttemptIn) { requests.receiveCatching() }
            if (request != null && request.isClosed) return
            val requested = request != null
            if (requested && spreadMillis > 0) delay(random.nextLong(spreadMillis + 1))
            nextAttemptIn =
                when (val failures = runPass()) {
                    null -> {
                        counters.busy.incrementAndGet()
                        busyMillis.also {
                            busyMillis = (busyMillis * 2).coerceAtMost(timing.busyMax.inWholeMilliseconds)
                        }
                    }
                    0 -> {
                        retryMillis = timing.retryMin.inWholeMilliseconds
                        busyMillis = timing.busyMin.inWholeMilliseconds
                        -1L
                    }
                    else -> {
                        status.report(
                            "archive-retry:$activeFile",
                            "archiving $activeFile had $failures failures; retrying in $retryMillis ms",
                        )
                        retryMillis.also {
                            retryMillis = (retryMillis * 2).coerceAtMost(timing.retryMax.inWholeMilliseconds)
                        }
                    }
                }
        }
    }

    /** Runs one pass; null when another archiver holds the lock, else the number of failures. */
    private suspend fun runPass(): Int? {
        val job = currentCoroutineContext().job
        return try {
            lock.tryWithLock { pass.run { job.ensureActive() } }
        } catch (cancelled: CancellationException) {
            throw cancelled
        } catch (failure: Exception) {
            counters.errors.incrementAndGet()
            status.report("archive:$activeFile", "archiving $activeFile failed; retrying later", failure)
            1
        }
    }

    internal companion object {
        /** The archiver lock of the log [activeFile]: `app.log.archiver.lock` beside `app.log`. */
        fun lockPath(activeFile: Path): Path =
            activeFile.resolveSibling(activeFile.fileName.toString() + ".archiver.lock")
    }
}
