package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotolog.slf4j.programs.ConcurrentWriterProgram;
import dev.rotolog.slf4j.testing.InterleavingChecker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker of MultiProcessTest must notice each kind of fault, or its clean reports mean nothing. */
class InterleavingCheckerTest {
    private static final String PREFIX = "INFO concurrent -";

    private static List<String> cleanFile() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int w = 0; w < 3; w++) lines.add(PREFIX + " w" + w + " " + i + " " + ConcurrentWriterProgram.payload(i));
        }
        return lines;
    }

    private static InterleavingChecker.Report check(List<String> lines) {
        return InterleavingChecker.check(lines, 3, 5, PREFIX);
    }

    @Test
    void aCleanFileIsClean() {
        assertTrue(check(cleanFile()).clean(), check(cleanFile()).toString());
    }

    @Test
    void aDroppedLineIsLost() {
        List<String> lines = cleanFile();
        lines.remove(7);
        assertEquals("lost=1 duplicated=0 torn=0 outOfOrder=0", check(lines).toString());
    }

    @Test
    void aDuplicatedLineIsDuplicated() {
        List<String> lines = cleanFile();
        lines.add(lines.get(4));
        assertEquals("lost=0 duplicated=1 torn=0 outOfOrder=0", check(lines).toString());
    }

    @Test
    void aTornLineIsTorn() {
        List<String> lines = cleanFile();
        String line = lines.get(10);
        // The first half of one record glued to the next, as an interleaved write would leave it.
        lines.set(10, line.substring(0, line.length() / 2) + lines.get(11));
        lines.remove(11);
        InterleavingChecker.Report report = check(lines);
        assertEquals(1, report.torn, report.toString());
        assertEquals(2, report.lost, report.toString());
    }

    @Test
    void aShortenedPayloadIsTorn() {
        List<String> lines = cleanFile();
        lines.set(3, lines.get(3).substring(0, lines.get(3).length() - 1));
        assertEquals("lost=1 duplicated=0 torn=1 outOfOrder=0", check(lines).toString());
    }

    @Test
    void swappedRecordsOfOneWriterAreOutOfOrder() {
        List<String> lines = cleanFile();
        String first = lines.get(0);
        lines.set(0, lines.get(3));
        lines.set(3, first);
        assertEquals("lost=0 duplicated=0 torn=0 outOfOrder=1", check(lines).toString());
    }
}
