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
 * {@link Slf4jLogCall} for rotolog through its Kotlin API ({@code log.info { "request $path served for user $user" }}),
 * what a Kotlin application calls; {@link Slf4jLogCall} measures rotolog through slf4j-api like the peers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RotologLogCall extends RotologServiceLog {
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
