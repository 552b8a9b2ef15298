package dev.rotolog.bench.jmh;

import dev.rotolog.Logger;
import dev.rotolog.bench.backend.Backend;
import dev.rotolog.bench.backend.LogSetup;
import dev.rotolog.bench.backend.Rotation;
import dev.rotolog.bench.backend.RotologLogging;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Slf4jLogCall} for rotolog through its Kotlin API ({@code log.info { "request $path served for user $user" }}),
 * what a Kotlin application calls; {@link Slf4jLogCall} measures rotolog through slf4j-api like the peers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RotologLogCall {
    public String path = "GET /api/orders/1042";
    public String user = "alice";

    private Path dir;
    private RotologLogging logging;
    private Logger log;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDirectory();
        logging = (RotologLogging) Backend.ROTOLOG_KOTLIN.open(new LogSetup(dir, Rotation.HOURLY_64_MIB));
        log = logging.nativeLogger("dev.rotolog.bench.Service");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        logging.close();
        BenchFiles.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public void threads1() {
        NativeCalls.info(log, path, user);
    }

    @Benchmark
    @Threads(2)
    public void threads2() {
        NativeCalls.info(log, path, user);
    }

    @Benchmark
    @Threads(8)
    public void threads8() {
        NativeCalls.info(log, path, user);
    }
}
