package dev.rotolog.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
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
public class Slf4jLogCall extends Slf4jServiceLog {
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
