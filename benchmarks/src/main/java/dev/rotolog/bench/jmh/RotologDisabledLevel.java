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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link DisabledLevel} for rotolog through its Kotlin API: the inline {@code debug { "..." }} on an INFO logger,
 * which is one level comparison and must allocate nothing (the lambda is inlined, never built).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RotologDisabledLevel extends RotologServiceLog {
    @Benchmark
    public void debugDisabled() {
        NativeCalls.debug(log, path, user);
    }

    /** JMH's own cost per call of an empty benchmark on this machine, to read the figure above against. */
    @Benchmark
    public void baseline() {}
}
