package dev.rotolog.slf4j.testing;

import dev.rotolog.slf4j.programs.ConcurrentWriterProgram;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the file that several {@link ConcurrentWriterProgram}s wrote together: every record of every writer exactly
 * once, each line whole, and each writer's records in the order it logged them.
 */
public final class InterleavingChecker {
    /** The message part of a line: {@code w<writer> <sequence> <payload>} at the end of the line. */
    private static final Pattern RECORD = Pattern.compile(" w(\\d+) (\\d+) ([a-z]+)$");

    private InterleavingChecker() {}

    /** What a check found. */
    public static final class Report {
        public long lost;
        public long duplicated;
        public long torn;
        public long outOfOrder;

        public boolean clean() {
            return lost == 0 && duplicated == 0 && torn == 0 && outOfOrder == 0;
        }

        @Override
        public String toString() {
            return "lost=" + lost + " duplicated=" + duplicated + " torn=" + torn + " outOfOrder=" + outOfOrder;
        }
    }

    /**
     * @param linePrefix what every line must start with before the message (the layout's fixed part), as a regex
     */
    public static Report check(List<String> lines, int writers, int perWriter, String linePrefix) {
        Pattern whole = Pattern.compile("^" + linePrefix + ".*$");
        int[][] seen = new int[writers][perWriter];
        int[] last = new int[writers];
        java.util.Arrays.fill(last, -1);
        Report report = new Report();
        for (String line : lines) {
            Matcher m = RECORD.matcher(line);
            if (!whole.matcher(line).matches() || !m.find()) {
                report.torn++;
                continue;
            }
            int writer = Integer.parseInt(m.group(1));
            int sequence = Integer.parseInt(m.group(2));
            if (writer >= writers || sequence >= perWriter
                    || !m.group(3).equals(ConcurrentWriterProgram.payload(sequence))
                    || !line.substring(0, m.start()).matches(linePrefix)) {
                report.torn++;
                continue;
            }
            if (seen[writer][sequence]++ > 0) {
                report.duplicated++;
                continue;
            }
            if (sequence < last[writer]) report.outOfOrder++;
            last[writer] = Math.max(last[writer], sequence);
        }
        for (int[] writer : seen) {
            for (int count : writer) if (count == 0) report.lost++;
        }
        return report;
    }
}
