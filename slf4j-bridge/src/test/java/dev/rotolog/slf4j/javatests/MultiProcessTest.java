package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotolog.slf4j.programs.ConcurrentWriterProgram;
import dev.rotolog.slf4j.testing.ChildJvm;
import dev.rotolog.slf4j.testing.InterleavingChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Four JVMs that know only slf4j-api, configured only by one properties file, log into one
 * file that rotates every second and at 256 KiB; across the active file and every archive nothing is lost, doubled
 * or torn, and no archive name is used twice.
 */
class MultiProcessTest {
    private static final int WRITERS = 4;
    private static final int PER_WRITER = 20_000 * Integer.getInteger("rotolog.stress.scale", 1);
    private static final int PER_SECOND = 4_000;

    @Test
    void fourJvmsConfiguredByOnePropertiesFileLoseNothingDoubleNothingTearNothing() throws Exception {
        Path dir = Files.createTempDirectory("multi-process");
        Path log = dir.resolve("app.log");
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, String.join("\n",
                "file.main.path = " + log,
                "file.main.pattern = %d %-5level [%thread] %logger - %msg%n",
                "file.main.queueCapacity = 4096",
                "file.main.rotate.every = 1 SECONDS",
                "file.main.rotate.maxSize = 256KB",
                "file.main.rotate.zone = UTC",
                ""));
        List<Process> children = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                children.add(ChildJvm.main(ConcurrentWriterProgram.class)
                        .property("rotolog.configurationFile", config.toString())
                        .args(String.valueOf(w), String.valueOf(PER_WRITER), String.valueOf(PER_SECOND))
                        .start(dir.resolve("stderr-" + w + ".txt")));
            }
            // Start barrier: every child has initialized SLF4J and waits on stdin.
            for (Process child : children) {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine());
            }
            for (Process child : children) {
                OutputStream in = child.getOutputStream();
                in.write('g');
                in.close();
            }
            for (int w = 0; w < WRITERS; w++) {
                Process child = children.get(w);
                assertTrue(child.waitFor(120, TimeUnit.SECONDS), "writer " + w + " did not finish");
                int writer = w;
                assertEquals(0, child.exitValue(), () -> read(dir.resolve("stderr-" + writer + ".txt")));
            }
        } finally {
            for (Process child : children) child.destroyForcibly();
        }
        List<Path> files = inWriteOrder(dir);
        List<String> lines = new ArrayList<>();
        for (Path file : files) lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        assertTrue(files.size() >= 5, "expected several rotations, found " + files);
        for (Path file : files) {
            if (Files.size(file) > 256 * 1024) assertEquals(1, Files.readAllLines(file).size(), file + " is over the limit");
        }
        InterleavingChecker.Report report = InterleavingChecker.check(lines, WRITERS, PER_WRITER,
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d INFO  \\[main\\] concurrent -");
        System.out.println("multi-process (slf4j, rotating): " + WRITERS + " JVMs x " + PER_WRITER + " records in "
                + files.size() + " files: " + report);
        assertTrue(report.clean(), report.toString());
        assertEquals(WRITERS * PER_WRITER, lines.size());
    }

    /** The archives oldest first (by period label, then size index), the active file last. */
    private static List<Path> inWriteOrder(Path dir) throws Exception {
        List<Path> archives = new ArrayList<>();
        try (var paths = Files.list(dir)) {
            paths.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("app.") && name.endsWith(".log") && !name.equals("app.log");
            }).forEach(archives::add);
        }
        archives.sort(java.util.Comparator
                .comparing((Path p) -> middle(p).split("\\.")[0])
                .thenComparingInt(p -> {
                    String[] parts = middle(p).split("\\.");
                    return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                }));
        archives.add(dir.resolve("app.log"));
        return archives;
    }

    /** `app.2026-11-21_14-15-07.2.log` gives `2026-11-21_14-15-07.2`. */
    private static String middle(Path archive) {
        String name = archive.getFileName().toString();
        return name.substring("app.".length(), name.length() - ".log".length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
