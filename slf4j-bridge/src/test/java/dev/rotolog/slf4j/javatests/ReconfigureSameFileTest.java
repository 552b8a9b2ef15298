package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rotolog.slf4j.programs.ReconfigureProgram;
import dev.rotolog.slf4j.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code RotologServiceProvider.configure} for the file that is already open: the new settings take effect. */
class ReconfigureSameFileTest {
    @Test
    void configureForTheOpenFileTakesTheNewPattern() throws Exception {
        Path dir = Files.createTempDirectory("reconfigure-same");
        Path log = dir.resolve("app.log");
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, "file.main.path = " + log + "\nfile.main.pattern = %msg%n\n");
        ChildJvm.Result result = ChildJvm.main(ReconfigureProgram.class)
                .property("rotolog.configurationFile", config.toString())
                .args(log.toString())
                .run(60);
        assertEquals(0, result.exitCode, result::toString);
        assertEquals(List.of(
                "before configure",
                "INFO dev.rotolog.slf4j.programs.ReconfigureProgram after configure",
                "INFO made.later new logger after configure"), Files.readAllLines(log, StandardCharsets.UTF_8));
    }
}
