package dev.rotolog.slf4j.programs;

import org.slf4j.LoggerFactory;

/** Logs one record and says which logger factory SLF4J bound. */
public final class ProbeProgram {
    public static void main(String[] args) {
        LoggerFactory.getLogger("probe").info("probe {}", args.length > 0 ? args[0] : "");
        System.out.println("factory=" + LoggerFactory.getILoggerFactory().getClass().getName());
    }
}
