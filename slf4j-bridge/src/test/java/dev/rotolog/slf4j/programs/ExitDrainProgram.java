package dev.rotolog.slf4j.programs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs args[0] records and returns from main at once; ExitDrainTest holds the file lock so all are still queued. */
public final class ExitDrainProgram {
    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("exit.drain");
        int count = Integer.parseInt(args[0]);
        for (int i = 0; i < count; i++) log.info("record {}", i);
        System.out.println("main returns");
        System.out.flush();
    }
}
