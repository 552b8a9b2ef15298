package dev.rotolog.bench.jmh;

import dev.rotolog.Logger;
import dev.rotolog.bench.backend.Backend;
import dev.rotolog.bench.backend.LogSetup;
import dev.rotolog.bench.backend.Rotation;
import dev.rotolog.bench.backend.RotologLogging;
import java.io.IOException;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** {@link Slf4jServiceLog} for rotolog's Kotlin API: its own {@link Logger} for the same service class. */
@State(Scope.Benchmark)
public abstract class RotologServiceLog {
    public String path = "GET /api/orders/1042";
    public String user = "alice";

    private Path dir;
    private RotologLogging logging;
    protected Logger log;

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
}
