package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotolog.slf4j.programs.Slf4jApiProgram;
import dev.rotolog.slf4j.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java program that uses only slf4j-api ({@link Slf4jApiProgram}), configured only by a
 * properties file, run in its own JVM; each test checks one feature in the file it leaves behind. The program
 * returns from main without a shutdown call, so every record here was written by the exit hook's drain or before.
 */
class Slf4jApiTest {
    private static List<String> lines;
    private static List<String> jsonLines;
    private static ChildJvm.Result result;

    @BeforeAll
    static void runProgram() throws Exception {
        Path dir = Files.createTempDirectory("slf4j-api");
        Path log = dir.resolve("app.log");
        Path config = dir.resolve("rotolog.properties");
        Files.writeString(config, String.join("\n",
                "level = INFO",
                "logger.app.api = TRACE",
                "file.main.path = " + log,
                "file.main.pattern = %-5level %logger [%thread] %msg%marker%ctx%ex%n",
                "file.json.path = " + dir.resolve("app.json"),
                "file.json.layout = json",
                ""));
        result = ChildJvm.main(Slf4jApiProgram.class).property("rotolog.configurationFile", config.toString()).run(60);
        assertEquals(0, result.exitCode, result::toString);
        lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        jsonLines = Files.readAllLines(dir.resolve("app.json"), StandardCharsets.UTF_8);
    }

    /** The JSON record whose message is [message], parsed with a real JSON parser. */
    private static com.fasterxml.jackson.databind.JsonNode jsonRecord(String message) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : jsonLines) {
            com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(line);
            if (message.equals(node.path("message").asText())) return node;
        }
        throw new AssertionError("no JSON record with message " + message + " in:\n" + String.join("\n", jsonLines));
    }

    private static void assertLine(String expected) {
        assertTrue(lines.contains(expected), () -> "missing line:\n" + expected + "\nin:\n" + String.join("\n", lines));
    }

    private static String lineStartingWith(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with:\n" + prefix + "\nin:\n" + String.join("\n", lines)));
    }

    @Test
    void everyLevelIsWrittenWhenEnabled() {
        assertLine("TRACE app.api [main] trace 1");
        assertLine("DEBUG app.api [main] debug 2");
        assertLine("INFO  app.api [main] info 3");
        assertLine("WARN  app.api [main] warn 4");
        assertLine("ERROR app.api [main] error 5");
    }

    @Test
    void disabledLevelsWriteNothing() {
        assertTrue(lines.stream().noneMatch(l -> l.contains("must not appear")), () -> String.join("\n", lines));
        assertLine("INFO  quiet.logger [main] quiet info");
    }

    @Test
    void placeholdersFormatArraysDeeply() {
        assertLine("INFO  app.api [main] arrays [1, 2, 3] and [a, b] and [[7], x]");
        assertLine("INFO  app.api [main] three args a b c");
    }

    @Test
    void escapedPlaceholdersStayLiteral() {
        assertLine("INFO  app.api [main] escaped {} and x");
        assertLine("INFO  app.api [main] escaped escape \\y");
    }

    @Test
    void missingOrSurplusArgumentsAreHandledAsSlf4jDoes() {
        assertLine("INFO  app.api [main] too few only {} args");
        assertLine("INFO  app.api [main] no placeholder");
        assertLine("INFO  app.api [main] literal {} kept");
    }

    @Test
    void aTrailingThrowableBecomesTheRecordsThrowable() {
        String failed = lineStartingWith("ERROR app.api [main] failed for order-7 java.lang.IllegalStateException: boom\\n");
        assertTrue(failed.contains("at dev.rotolog.slf4j.programs.Slf4jApiProgram.main"), failed);
        // A lone throwable argument is the throwable, not the value of its "{}" (SLF4J's rule since 1.6).
        lineStartingWith("WARN  app.api [main] single {} java.lang.RuntimeException: alone\\n");
        lineStartingWith("ERROR app.api [main] explicit java.io.IOException: io\\n");
    }

    @Test
    void markersAreKeptAndRendered() {
        assertLine("INFO  app.api [main] with marker m [AUDIT]");
        assertLine("INFO  app.api [main] two markers [AUDIT,SECURITY]");
    }

    @Test
    void fluentKeyValuesAreJsonFieldsOfTheirOwnInTheJsonLayout() throws Exception {
        com.fasterxml.jackson.databind.JsonNode fluent = jsonRecord("fluent call");
        assertEquals(42, fluent.get("orderId").asInt());
        assertTrue(fluent.get("orderId").isNumber(), fluent::toString);
        assertEquals("bob", fluent.get("user").asText());
        assertEquals("app.api", fluent.get("log.logger").asText());
        com.fasterxml.jackson.databind.JsonNode withCause = jsonRecord("fluent with cause");
        assertEquals("v", withCause.get("k").asText());
        assertEquals("java.io.IOException", withCause.get("error.type").asText());
        assertEquals(1.5, jsonRecord("supplied lazy").get("n").asDouble());
    }

    @Test
    void fluentKeyValuesArriveAsFieldsNotInTheMessage() {
        // Flattened by SLF4J, they would come first inside the message: "orderId=42 user=bob fluent call".
        assertLine("INFO  app.api [main] fluent call orderId=42 user=bob");
        lineStartingWith("WARN  app.api [main] fluent with cause k=v java.io.IOException: fluent cause\\n");
        assertLine("DEBUG app.api [main] supplied lazy n=1.5");
        assertLine("TRACE app.api [main] fluent trace");
    }

    @Test
    void mdcFieldsAreCopiedIntoRecordsOnTheCallersThread() {
        assertLine("INFO  app.api [main] with mdc requestId=r-1");
        assertLine("INFO  app.api [main] after clear");
        assertLine("INFO  app.api [worker-1] other thread");
        assertLine("INFO  app.api [main] in scope requestId=r-2 scoped=yes");
        assertLine("INFO  app.api [main] out of scope requestId=r-2");
    }

    @Test
    void perKeyDequesPushAndPop() {
        assertLine("INFO  app.api [main] with deque requestId=r-1 op=[outer, inner]");
        assertLine("INFO  app.api [main] after pop requestId=r-1 op=[outer]");
        assertTrue(result.stdout.contains("deque=[inner, outer]\n"), result::toString);
        assertTrue(result.stdout.contains("popped=inner\n"), result::toString);
    }

    @Test
    void lineBreaksInMessagesCannotForgeRecords() {
        assertLine("INFO  app.api [main] line\\nbreak\\rand\\u2028separator");
    }

    @Test
    void nothingElseIsWrittenAndNothingTwice() {
        assertEquals(lines.size(), lines.stream().distinct().count(), () -> String.join("\n", lines));
        assertEquals(30, lines.size(), () -> String.join("\n", lines));
    }
}
