package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotolog.slf4j.programs.ExitDrainProgram;
import dev.rotolog.slf4j.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Records still queued when main returns are written: SLF4J has no shutdown call, the owner's exit hook drains.
 *
 * To make sure they really are still queued at that moment, this test holds the log's cross-process lock (the
 * {@code app.log.lock} sidecar) while the child logs and returns from main, so its writer cannot write a single
 * batch before; the lock is released only after the child has said it returns.
 */
class ExitDrainTest {
    private static final int RECORDS = 5_000;

    @Test
    void recordsQueuedWhenMainReturnsAreAllWrittenOnce() throws Exception {
        Path dir = Files.createTempDirectory("exit-drain");
        Path log = dir.resolve("app.log");
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, "file.main.path = " + log + "\nfile.main.pattern = %msg%n\n");
        Path stderr = dir.resolve("stderr.txt");

        Process child;
        try (FileChannel lockChannel = FileChannel.open(dir.resolve("app.log.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            child = ChildJvm.main(ExitDrainProgram.class)
                    .property("rotolog.configurationFile", config.toString())
                    .args(String.valueOf(RECORDS))
                    .start(stderr);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("main returns")) {
                // skip anything else the child prints
            }
            assertEquals("main returns", line, () -> "child ended early; stderr:\n" + read(stderr));
            // Main has returned and the lock is still ours: nothing can have been written yet.
            assertFalse(Files.exists(log) && Files.size(log) > 0, "records were written while the lock was held");
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not exit");
        assertEquals(0, child.exitValue(), () -> read(stderr));

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(RECORDS, lines.size(), () -> "stderr:\n" + read(stderr));
        for (int i = 0; i < RECORDS; i++) assertEquals("record " + i, lines.get(i));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
