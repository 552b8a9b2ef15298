package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotolog.ConsoleStream;
import dev.rotolog.ConsoleTargetConfig;
import dev.rotolog.Durability;
import dev.rotolog.FileTargetConfig;
import dev.rotolog.Level;
import dev.rotolog.LogRecord;
import dev.rotolog.OverflowPolicy;
import dev.rotolog.Rotolog;
import dev.rotolog.RotologConfig;
import dev.rotolog.PeriodUnit;
import dev.rotolog.slf4j.JavaConfig;
import dev.rotolog.slf4j.programs.ConfigureFirstProgram;
import dev.rotolog.slf4j.programs.ReconfigureProgram;
import dev.rotolog.slf4j.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Java configuration API, used as a Java developer would: builders, no Kotlin types, no lambdas. */
class JavaConfigTest {
    @Test
    void rotationPermissionsPerLevelPatternsJsonRoutingAndConsolesFromJava() {
        RotologConfig config = JavaConfig.builder()
                .processKey("node-1")
                .file(JavaConfig.file("logs/app-{key}.log")
                        .pattern("%level %msg%n")
                        .patternFor(Level.ERROR, "E %msg%n")
                        .rotateEvery(15, PeriodUnit.MINUTES)
                        .rotateZone(ZoneOffset.UTC)
                        .rotateMaxSize(64L * 1024 * 1024)
                        .permissions("rw-r-----")
                        .excludeLoggers("com.example.audit"))
                .file(JavaConfig.file("logs/audit.log").json().loggers("com.example.audit").level(Level.INFO))
                .console(JavaConfig.console().stream(ConsoleStream.STDERR).level(Level.WARN))
                .build();
        FileTargetConfig main = config.getFiles().get(0);
        assertEquals("logs/app-node-1.log", main.getPath().toString());
        assertEquals(15, main.getRotation().getPeriod().getAmount());
        assertEquals(PeriodUnit.MINUTES, main.getRotation().getPeriod().getUnit());
        assertEquals(64L * 1024 * 1024, main.getRotation().getMaxSize());
        assertEquals("rw-r-----", PosixFilePermissions.toString(main.getPermissions()));
        assertEquals(false, main.takes("com.example.audit.Login"));
        StringBuilder text = new StringBuilder();
        main.getLayout().format(new LogRecord(0L, Level.ERROR, "x", "m", null, "main", Map.of(), List.of(), List.of()), text);
        assertEquals("E m\n", text.toString());
        FileTargetConfig audit = config.getFiles().get(1);
        assertEquals(true, audit.takes("com.example.audit.Login"));
        assertEquals(Level.INFO, audit.getLevel());
        ConsoleTargetConfig console = config.getConsoles().get(0);
        assertEquals(ConsoleStream.STDERR, console.getStream());
        assertEquals(Level.WARN, console.getLevel());

        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log").json().pattern("%msg%n")).build());
        assertEquals("FileBuilder(\"logs/a.log\"): set either json or pattern/patternFor/escapeLineBreaks, not both", both.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log").permissions("rwxrwxrwxrwx")).build());
        assertEquals("FileBuilder(\"logs/a.log\").permissions: \"rwxrwxrwxrwx\" is not a file mode; use nine characters of r, w, x "
                + "and - as ls -l shows them (rw-r-----) or three octal digits (640)", mode.getMessage());
    }

    @Test
    void builtConfigurationCarriesEverySetting() {
        RotologConfig config = JavaConfig.builder()
                .level(Level.WARN)
                .logger("com.example.db", Level.DEBUG)
                .shutdownHook(false)
                .file(JavaConfig.file("logs/java.log")
                        .pattern("%level %msg%n")
                        .zone(ZoneOffset.UTC)
                        .escapeLineBreaks(false)
                        .overflow(OverflowPolicy.DROP)
                        .queueCapacity(1000)
                        .blockTimeout(Duration.ofMillis(250))
                        .durability(Durability.POWER_LOSS)
                        .maxBatchRecords(100)
                        .closeTimeout(Duration.ofSeconds(3)))
                .build();
        assertEquals(Level.WARN, config.getRootLevel());
        assertEquals(Level.DEBUG, config.getLoggerLevels().get("com.example.db"));
        assertEquals(false, config.getShutdownHook());
        FileTargetConfig file = config.getFiles().get(0);
        assertEquals("logs/java.log", file.getPath().toString());
        assertEquals(OverflowPolicy.DROP, file.getOverflow());
        assertEquals(1000, file.getQueueCapacity());
        assertEquals(Durability.POWER_LOSS, file.getDurability());
        assertEquals(100, file.getMaxBatchRecords());
        StringBuilder text = new StringBuilder();
        file.getLayout().format(new LogRecord(0L, Level.INFO, "x", "two\nlines", null, "main", Map.of(), List.of(), List.of()), text);
        assertEquals("INFO two\nlines\n", text.toString());
    }

    @Test
    void aJavaProgramLogsThroughABuiltConfiguration() throws Exception {
        Path log = Files.createTempDirectory("java-config").resolve("app.log");
        RotologConfig config = JavaConfig.builder()
                .shutdownHook(false)
                .file(JavaConfig.file(log).pattern("%level %logger %msg%n"))
                .build();
        try (Rotolog rotolog = Rotolog.start(config)) {
            rotolog.logger("java.direct").log(Level.INFO, null, "hello from Java");
            rotolog.logger("java.direct").log(Level.DEBUG, null, "below the level");
        }
        assertEquals(List.of("INFO java.direct hello from Java"), Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    @Test
    void wrongValuesFailAtBuildNamingSettingValueAndWhatIsAllowed() {
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log").queueCapacity(0)).build());
        assertEquals("FileBuilder(\"logs/a.log\").queueCapacity: 0 is out of range; use 1 to 16777216", capacity.getMessage());

        IllegalArgumentException pattern = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log").pattern("%msg %bogus")).build());
        assertEquals("FileBuilder(\"logs/a.log\").pattern: '%bogus' at position 5 in \"%msg %bogus\" is not known; "
                + "use %d, %date, %thread, %t, %logger, %c, %msg, %m, %ctx, %marker, %ex, %n, %level, %p, %X{key}, %%",
                pattern.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log").pattern("")).build());
        assertEquals("FileBuilder(\"logs/a.log\").pattern: an empty pattern writes nothing; "
                + "use e.g. %d %-5level [%thread] %logger - %msg%ctx%ex%n", empty.getMessage());

        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log")
                        .layout((record, out) -> out.append(record.getMessage()).append('\n'))
                        .pattern("%msg%n")).build());
        assertEquals("FileBuilder(\"logs/a.log\"): set either layout or pattern/zone/escapeLineBreaks, not both", both.getMessage());

        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.builder().file(JavaConfig.file("logs/a.log").blockTimeout(Duration.ZERO)).build());
        assertEquals("FileBuilder(\"logs/a.log\").blockTimeout: 0s is not allowed; use a positive, finite duration", timeout.getMessage());
    }

    @Test
    void propertiesGiveTheSameConfigurationAsTheBuilder() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("level", "debug");
        properties.setProperty("logger.com.example.db", "TRACE");
        properties.setProperty("shutdownHook", "false");
        properties.setProperty("processKey", "node-7");
        properties.setProperty("file.main.path", "logs/props-{key}.log");
        properties.setProperty("file.main.pattern", "%level %logger %msg%n");
        properties.setProperty("file.main.pattern.ERROR", "E %msg%ex%n");
        properties.setProperty("file.main.zone", "UTC");
        properties.setProperty("file.main.escapeLineBreaks", "false");
        properties.setProperty("file.main.level", "INFO");
        properties.setProperty("file.main.excludeLoggers", "com.example.audit, com.example.security");
        properties.setProperty("file.main.overflow", "DROP");
        properties.setProperty("file.main.queueCapacity", "512");
        properties.setProperty("file.main.blockTimeout", "250ms");
        properties.setProperty("file.main.closeTimeout", "3s");
        properties.setProperty("file.main.durability", "POWER_LOSS");
        properties.setProperty("file.main.maxBatchRecords", "100");
        properties.setProperty("file.main.permissions", "rw-r-----");
        properties.setProperty("file.main.rotate.every", "15 MINUTES");
        properties.setProperty("file.main.rotate.zone", "Europe/Berlin");
        properties.setProperty("file.main.rotate.maxSize", "64MB");
        properties.setProperty("file.main.compress", "true");
        properties.setProperty("file.main.compressionDelay", "2s");
        properties.setProperty("file.main.keep.archives", "48");
        properties.setProperty("file.main.keep.maxAge", "7d");
        properties.setProperty("file.main.keep.totalSize", "2GB");
        properties.setProperty("file.audit.path", "logs/audit.log");
        properties.setProperty("file.audit.layout", "json");
        properties.setProperty("file.audit.loggers", "com.example.audit");
        properties.setProperty("console.err.stream", "STDERR");
        properties.setProperty("console.err.level", "WARN");
        properties.setProperty("console.err.pattern", "%msg%n");
        RotologConfig fromProperties = JavaConfig.fromProperties(properties);

        // Targets come in the order of their names in the properties: audit, then main.
        RotologConfig fromBuilder = JavaConfig.builder()
                .level(Level.DEBUG)
                .logger("com.example.db", Level.TRACE)
                .shutdownHook(false)
                .processKey("node-7")
                .file(JavaConfig.file("logs/audit.log").json().loggers("com.example.audit"))
                .file(JavaConfig.file("logs/props-{key}.log")
                        .pattern("%level %logger %msg%n")
                        .patternFor(Level.ERROR, "E %msg%ex%n")
                        .zone(ZoneOffset.UTC)
                        .escapeLineBreaks(false)
                        .level(Level.INFO)
                        .excludeLoggers("com.example.audit", "com.example.security")
                        .overflow(OverflowPolicy.DROP)
                        .queueCapacity(512)
                        .blockTimeout(Duration.ofMillis(250))
                        .closeTimeout(Duration.ofSeconds(3))
                        .durability(Durability.POWER_LOSS)
                        .maxBatchRecords(100)
                        .permissions("rw-r-----")
                        .rotateEvery(15, PeriodUnit.MINUTES)
                        .rotateZone(java.time.ZoneId.of("Europe/Berlin"))
                        .rotateMaxSize(64L << 20)
                        .compress(true)
                        .compressionDelay(Duration.ofSeconds(2))
                        .keepArchives(48)
                        .keepMaxAge(Duration.ofDays(7))
                        .keepTotalSize(2L << 30))
                .console(JavaConfig.console().stream(ConsoleStream.STDERR).level(Level.WARN).pattern("%msg%n"))
                .build();

        assertSameSettings("config", fromBuilder, fromProperties);
        assertEquals(2, fromProperties.getFiles().size());
        assertEquals(1, fromProperties.getConsoles().size());
        for (int i = 0; i < 2; i++) {
            assertSameSettings("files[" + i + "]", fromBuilder.getFiles().get(i), fromProperties.getFiles().get(i));
        }
        assertSameSettings("consoles[0]", fromBuilder.getConsoles().get(0), fromProperties.getConsoles().get(0));

        properties.setProperty("file.main.queueCapacity", "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JavaConfig.fromProperties(properties, "my.properties"));
        assertEquals("rotolog: invalid configuration in my.properties (1 problem):\n"
                + "  - file.main.queueCapacity = \"lots\" is not allowed; use a whole number such as 65536", e.getMessage());
    }

    /** Records that tell layouts apart: levels with patterns of their own, line breaks, a throwable, context. */
    private static final List<LogRecord> PROBES = List.of(
            new LogRecord(1_700_000_000_123L, Level.INFO, "com.example.Api", "two\nlines", null, "main",
                    Map.of("user", "alice"), List.of(), List.of()),
            new LogRecord(1_700_000_000_456L, Level.ERROR, "com.example.db.Pool", "failed", new IllegalStateException("boom"),
                    "worker-1", Map.of(), List.of(), List.of()));

    /**
     * Compares every public getter of two configuration objects of one class ({@code RotologConfig},
     * {@code FileTargetConfig}, {@code ConsoleTargetConfig}), so a setting added later is compared too: layouts by the
     * text they make of {@link #PROBES}, target lists by their size (the caller compares their elements), everything
     * else with {@code equals} (Kotlin durations come out as their {@code long} value). Internal members are left out.
     */
    private static void assertSameSettings(String where, Object expected, Object actual) throws Exception {
        assertEquals(expected.getClass(), actual.getClass(), where);
        int compared = 0;
        for (java.lang.reflect.Method getter : expected.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || java.lang.reflect.Modifier.isStatic(getter.getModifiers())) continue;
            if (!getter.getName().startsWith("get") || getter.getName().equals("getClass")) continue;
            // Kotlin's internal members ("getIo$rotolog_core") are no settings; durations' getters are mangled with '-'.
            if (getter.getName().contains("$")) continue;
            String what = where + "." + getter.getName();
            Object a = getter.invoke(expected);
            Object b = getter.invoke(actual);
            if (a instanceof dev.rotolog.layout.Layout layoutA) {
                dev.rotolog.layout.Layout layoutB = (dev.rotolog.layout.Layout) b;
                for (LogRecord probe : PROBES) {
                    StringBuilder textA = new StringBuilder();
                    StringBuilder textB = new StringBuilder();
                    layoutA.format(probe, textA);
                    layoutB.format(probe, textB);
                    assertEquals(textA.toString(), textB.toString(), what);
                }
            } else if (a instanceof List<?> listA && !listA.isEmpty() && listA.get(0) instanceof dev.rotolog.TargetConfig) {
                assertEquals(listA.size(), ((List<?>) b).size(), what);
            } else {
                assertEquals(a, b, what);
            }
            compared++;
        }
        assertTrue(compared >= 5, where + ": only " + compared + " getters compared");
    }

    @Test
    void configureBeforeSlf4jStartsIsTheConfigurationItStartsWith() throws Exception {
        Path dir = Files.createTempDirectory("configure-first");
        Path log = dir.resolve("app.log");
        // A configuration file that would fail if it were read: the code's configuration comes first.
        ChildJvm.Result result = ChildJvm.main(ConfigureFirstProgram.class)
                .property("rotolog.configurationFile", dir.resolve("missing.properties").toString())
                .args(log.toString())
                .run(60);
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("owner files=1\n", result.stdout);
        assertEquals(List.of("DEBUG first configured in code"), Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    @Test
    void configureReplacesTheRunningConfigurationAndStaticLoggersFollow() throws Exception {
        Path dir = Files.createTempDirectory("reconfigure");
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, "file.main.path = " + first + "\nfile.main.pattern = %msg%n\n");
        ChildJvm.Result result = ChildJvm.main(ReconfigureProgram.class)
                .property("rotolog.configurationFile", config.toString())
                .args(second.toString())
                .run(60);
        assertEquals(0, result.exitCode, result::toString);
        assertEquals(List.of("before configure"), Files.readAllLines(first, StandardCharsets.UTF_8));
        assertEquals(List.of(
                "INFO dev.rotolog.slf4j.programs.ReconfigureProgram after configure",
                "INFO made.later new logger after configure"), Files.readAllLines(second, StandardCharsets.UTF_8));
    }
}
