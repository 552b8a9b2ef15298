package dev.rotolog.bench.jmh;

import dev.rotolog.bench.backend.Backend;
import dev.rotolog.bench.backend.BenchLogging;
import dev.rotolog.bench.backend.LogSetup;
import dev.rotolog.bench.backend.Rotation;
import dev.rotolog.bench.backend.Slf4jLogging;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caller's cost of one enabled log call through slf4j-api, {@code info("request {} served for user {}", path,
 * user)}, with 1, 2 and 8 calling threads, into an asynchronous, rotating (hourly + 64 MiB) file.
 *
 * <p>Every backend runs in a fork of its own: {@link Backend#open} selects the SLF4J provider with the
 * {@code slf4j.provider} system property before SLF4J starts, and refuses to run if SLF4J is bound to another
 * backend (as it would be with {@code -f 0}).
 *
 * <p>The callers log as fast as they can, so after the first few milliseconds every backend's queue is full and
 * a call waits for room: the mean is the sustained cost per record of the whole pipeline, the upper percentiles
 * show how long a caller can be held up by a full queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Slf4jLogCall {
    @Param({"rotolog", "logback-async", "log4j2-async"})
    public String backend;

    public String path = "GET /api/orders/1042";
    public String user = "alice";

    private Path dir;
    private BenchLogging logging;
    private org.slf4j.Logger log;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDirectory();
        logging = Backend.byId(backend).open(new LogSetup(dir, Rotation.HOURLY_64_MIB));
        log = ((Slf4jLogging) logging).slf4j("dev.rotolog.bench.Service");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        logging.close();
        BenchFiles.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public void threads1() {
        log.info("request {} served for user {}", path, user);
    }

    @Benchmark
    @Threads(2)
    public void threads2() {
        log.info("request {} served for user {}", path, user);
    }

    @Benchmark
    @Threads(8)
    public void threads8() {
        log.info("request {} served for user {}", path, user);
    }
}
