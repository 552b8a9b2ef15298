package dev.rotolog.bench.jmh;

import dev.rotolog.bench.multiprocess.Comparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the in-process benchmarks write: a fresh directory per fork, deleted at tear-down. */
final class BenchFiles {
    private BenchFiles() {}

    static Path newDirectory() throws IOException {
        String base = System.getProperty("rotolog.bench.jmhDir", System.getProperty("java.io.tmpdir"));
        Files.createDirectories(Path.of(base));
        return Files.createTempDirectory(Path.of(base), "rotolog-jmh-");
    }

    static void delete(Path dir) throws IOException {
        Comparison.Companion.deleteTree(dir);
    }
}
