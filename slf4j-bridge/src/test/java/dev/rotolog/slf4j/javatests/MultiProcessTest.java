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
 * Acceptance 3 of issue 5, without rotation (not built yet): four JVMs that know only slf4j-api, configured only by
 * one properties file, log into one file at the same time; nothing is lost, doubled or torn. When rotation lands,
 * the properties file gains its rotation keys and the checker reads the archives as well.
 */
class MultiProcessTest {
    private static final int WRITERS = 4;
    private static final int PER_WRITER = 20_000 * Integer.getInteger("rotolog.stress.scale", 1);

    @Test
    void fourJvmsConfiguredByOnePropertiesFileLoseNothingDoubleNothingTearNothing() throws Exception {
        Path dir = Files.createTempDirectory("multi-process");
        Path log = dir.resolve("app.log");
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, String.join("\n",
                "file.main.path = " + log,
                "file.main.pattern = %d %-5level [%thread] %logger - %msg%n",
                "file.main.queueCapacity = 4096",
                ""));
        List<Process> children = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                children.add(ChildJvm.main(ConcurrentWriterProgram.class)
                        .property("rotolog.configurationFile", config.toString())
                        .args(String.valueOf(w), String.valueOf(PER_WRITER))
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
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        InterleavingChecker.Report report = InterleavingChecker.check(lines, WRITERS, PER_WRITER,
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d INFO  \\[main\\] concurrent -");
        System.out.println("multi-process: " + WRITERS + " JVMs x " + PER_WRITER + " records: " + report);
        assertTrue(report.clean(), report.toString());
        assertEquals(WRITERS * PER_WRITER, lines.size());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
