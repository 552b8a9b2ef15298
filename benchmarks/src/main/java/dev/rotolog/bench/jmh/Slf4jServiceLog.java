package dev.rotolog.bench.jmh;

import dev.rotolog.bench.backend.Backend;
import dev.rotolog.bench.backend.BenchLogging;
import dev.rotolog.bench.backend.LogSetup;
import dev.rotolog.bench.backend.Rotation;
import dev.rotolog.bench.backend.Slf4jLogging;
import java.io.IOException;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state the slf4j-api benchmarks share: one backend per fork ({@link #backend}), its slf4j-api logger for a
 * service class, writing to a fresh directory rotating hourly and at 64 MiB, and the call's two arguments.
 */
@State(Scope.Benchmark)
public abstract class Slf4jServiceLog {
    @Param({"rotolog", "logback-async", "log4j2-async"})
    public String backend;

    public String path = "GET /api/orders/1042";
    public String user = "alice";

    private Path dir;
    private BenchLogging logging;
    protected org.slf4j.Logger log;

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
}
