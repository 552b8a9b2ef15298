package dev.rotolog.slf4j.programs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of several JVMs writing into one file through slf4j-api only. It says "ready" once SLF4J is initialized and
 * waits for a byte on stdin (the start barrier), then logs args[1] records from writer args[0] and returns. An optional
 * args[2] paces the writer to at most that many records per second, so a run spans several rotation periods.
 */
public final class ConcurrentWriterProgram {
    public static void main(String[] args) throws Exception {
        String writer = args[0];
        int count = Integer.parseInt(args[1]);
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Logger log = LoggerFactory.getLogger("concurrent");
        System.out.println("ready");
        System.out.flush();
        if (System.in.read() < 0) throw new IllegalStateException("start barrier closed without a go");
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            log.info("w{} {} {}", writer, i, payload(i));
            if (perSecond > 0) {
                long due = start + (i + 1) * 1_000_000_000L / perSecond;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    /** A payload whose length and content follow from the sequence number, so a torn line cannot pass as whole. */
    public static String payload(int sequence) {
        StringBuilder text = new StringBuilder();
        int length = 8 + sequence % 120;
        for (int i = 0; i < length; i++) text.append((char) ('a' + (sequence + i) % 26));
        return text.toString();
    }
}
