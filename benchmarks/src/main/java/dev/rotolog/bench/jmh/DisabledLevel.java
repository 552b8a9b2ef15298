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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call at a disabled level (DEBUG on an INFO logger), one thread: it should cost about a nanosecond and
 * allocate nothing: slf4j-api's {@code debug(String, Object, Object)}. rotolog's Kotlin API is measured by
 * {@link RotologDisabledLevel}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DisabledLevel {
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
    public void debugDisabled() {
        log.debug("request {} served for user {}", path, user);
    }
}
