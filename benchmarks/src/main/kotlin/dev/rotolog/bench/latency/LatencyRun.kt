package dev.rotolog.bench.latency

import dev.rotolog.bench.backend.Backend
import dev.rotolog.bench.multiprocess.ClassPaths
import dev.rotolog.bench.multiprocess.Comparison
import dev.rotolog.testkit.ChildJvm
import dev.rotolog.testkit.ChildProtocol
import java.nio.file.Path
import kotlin.time.Duration.Companion.minutes

/** The paced latency of one backend: percentiles of the call's duration in nanoseconds. */
class LatencyResult(val backend: Backend, val threads: Int, val rate: Int, val percentiles: Map<String, Long>)

/**
 * Runs [LatencyChild] once per backend, one JVM at a time, each with its own class path, and collects the percentiles.
 */
class LatencyRun(
    private val workDir: Path,
    private val classPaths: ClassPaths = ClassPaths.locate(),
    private val progress: (String) -> Unit = { println(it) },
) {
    fun run(backends: List<Backend>, threads: Int, rate: Int, warmupSeconds: Int, seconds: Int): List<LatencyResult> =
        backends.map { backend ->
            val dir = workDir.resolve("latency-${backend.id}")
            Comparison.deleteTree(dir)
            ChildJvm.start(
                    name = "latency-${backend.id}",
                    mainClass = LatencyChild::class.java.name,
                    args =
                        listOf(
                            "backend=${backend.id}",
                            "dir=$dir",
                            "threads=$threads",
                            "rate=$rate",
                            "warmup=$warmupSeconds",
                            "seconds=$seconds",
                        ),
                    logDir = workDir.resolve("latency-children"),
                    jvmOptions = Comparison.DEFAULT_JVM_OPTIONS,
                    classPath = classPaths.of(backend),
                )
                .use { child ->
                    val line = child.awaitLineStartingWith("LATENCY", 5.minutes)
                    check(child.awaitExit() == 0) { "latency child ${backend.id} failed:\n${child.stderr()}" }
                    Comparison.deleteTree(dir)
                    val fields = ChildProtocol.fields(line).mapValues { it.value.toLong() }
                    LatencyResult(backend, threads, rate, fields).also {
                        progress(
                            "  latency  %-16s p50 %,7d ns  p99 %,9d ns  p99.9 %,10d ns  max %,12d ns"
                                .format(backend.id, fields["p50"], fields["p99"], fields["p999"], fields["max"])
                        )
                    }
                }
        }
}
