package dev.rotolog.slf4j.programs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of several JVMs writing into one file through slf4j-api only. It says "ready" once SLF4J is initialized and
 * waits for a byte on stdin (the start barrier), then logs args[1] records from writer args[0] and returns.
 */
public final class ConcurrentWriterProgram {
    public static void main(String[] args) throws Exception {
        String writer = args[0];
        int count = Integer.parseInt(args[1]);
        Logger log = LoggerFactory.getLogger("concurrent");
        System.out.println("ready");
        System.out.flush();
        if (System.in.read() < 0) throw new IllegalStateException("start barrier closed without a go");
        for (int i = 0; i < count; i++) log.info("w{} {} {}", writer, i, payload(i));
    }

    /** A payload whose length and content follow from the sequence number, so a torn line cannot pass as whole. */
    public static String payload(int sequence) {
        StringBuilder text = new StringBuilder();
        int length = 8 + sequence % 120;
        for (int i = 0; i < length; i++) text.append((char) ('a' + (sequence + i) % 26));
        return text.toString();
    }
}
