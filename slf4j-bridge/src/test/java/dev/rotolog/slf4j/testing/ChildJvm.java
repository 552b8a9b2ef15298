package dev.rotolog.slf4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a child JVM on this test JVM's class path (SLF4J binds once per JVM, so every test that needs its own
 * binding or configuration runs in one). stdout and stderr go to files, so a chatty child can never block on a full
 * pipe; {@link #start()} keeps stdout as a pipe for tests that wait for a line.
 */
public final class ChildJvm {
    private final String mainClass;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> classPathFirst = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path workingDirectory;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    public static ChildJvm main(Class<?> mainClass) {
        return new ChildJvm(mainClass.getName());
    }

    public ChildJvm property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Puts {@code entry} before this JVM's class path (ServiceLoader then finds what it holds first). */
    public ChildJvm classPathFirst(String entry) {
        classPathFirst.add(entry);
        return this;
    }

    public ChildJvm args(String... values) {
        args.addAll(List.of(values));
        return this;
    }

    public ChildJvm workingDirectory(Path directory) {
        workingDirectory = directory;
        return this;
    }

    /** Runs the child to its end, at most {@code timeoutSeconds}. */
    public Result run(long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        ProcessBuilder builder = processBuilder();
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child " + mainClass + " did not finish within " + timeoutSeconds + " s; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Starts the child with stdout piped to the caller and stderr in {@code stderrFile}. */
    public Process start(Path stderrFile) throws IOException {
        ProcessBuilder builder = processBuilder();
        builder.redirectError(stderrFile.toFile());
        return builder.start();
    }

    private ProcessBuilder processBuilder() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick: these children log a few records and exit.
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx128m");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        List<String> classPath = new ArrayList<>(classPathFirst);
        classPath.add(System.getProperty("java.class.path"));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) builder.directory(workingDirectory.toFile());
        return builder;
    }

    /** How a child ended. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
