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
public class DisabledLevel extends Slf4jServiceLog {
    @Benchmark
    public void debugDisabled() {
        log.debug("request {} served for user {}", path, user);
    }
}
