package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotolog.slf4j.programs.ProbeProgram;
import dev.rotolog.slf4j.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With another provider (slf4j-simple) on the class path, and first on it, the system
 * property {@code slf4j.provider} selects rotolog; without the property SLF4J takes the first provider it finds,
 * which is what the README tells users.
 */
class ProviderSelectionTest {
    private static final String OTHER_PROVIDER = System.getProperty("rotolog.test.otherProvider");

    private static Path config(Path dir) throws Exception {
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, "file.main.path = " + dir.resolve("app.log") + "\nfile.main.pattern = %logger %msg%n\n");
        return config;
    }

    @Test
    void theOtherProviderIsReallyOnTheClassPath() {
        assertTrue(OTHER_PROVIDER != null && Files.isRegularFile(Paths.get(OTHER_PROVIDER)), "missing " + OTHER_PROVIDER);
    }

    @Test
    void slf4jProviderSelectsRotologWhenAnotherProviderComesFirst() throws Exception {
        Path dir = Files.createTempDirectory("provider-selected");
        ChildJvm.Result result = ChildJvm.main(ProbeProgram.class)
                .classPathFirst(OTHER_PROVIDER)
                .property("slf4j.provider", "dev.rotolog.slf4j.RotologServiceProvider")
                .property("rotolog.configurationFile", config(dir).toString())
                .args("selected")
                .run(60);
        assertEquals(0, result.exitCode, result::toString);
        assertTrue(result.stdout.contains("factory=dev.rotolog.slf4j.RotologLoggerFactory"), result::toString);
        assertTrue(result.stderr.contains("Attempting to load provider \"dev.rotolog.slf4j.RotologServiceProvider\""), result::toString);
        assertEquals(List.of("probe probe selected"), Files.readAllLines(dir.resolve("app.log"), StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheProperty_theFirstProviderOnTheClassPathWinsAndSlf4jWarns() throws Exception {
        Path dir = Files.createTempDirectory("provider-ambiguous");
        ChildJvm.Result result = ChildJvm.main(ProbeProgram.class)
                .classPathFirst(OTHER_PROVIDER)
                .property("rotolog.configurationFile", config(dir).toString())
                .args("ambiguous")
                .run(60);
        assertEquals(0, result.exitCode, result::toString);
        assertTrue(result.stdout.contains("factory=org.slf4j.simple.SimpleLoggerFactory"), result::toString);
        assertTrue(result.stderr.contains("Class path contains multiple SLF4J providers."), result::toString);
        assertFalse(Files.exists(dir.resolve("app.log")), "rotolog wrote although slf4j-simple was bound");
    }
}
