package dev.rotolog.slf4j.programs;

import dev.rotolog.slf4j.JavaConfig;
import dev.rotolog.slf4j.RotologServiceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usual Java shape: a logger in a static field, made before main runs, so SLF4J starts with the properties
 * file; main then switches to a configuration built in code, and the static logger follows it.
 */
public final class ReconfigureProgram {
    private static final Logger LOG = LoggerFactory.getLogger(ReconfigureProgram.class);

    public static void main(String[] args) {
        LOG.info("before configure");
        RotologServiceProvider.configure(JavaConfig.builder()
                .file(JavaConfig.file(args[0]).pattern("%level %logger %msg%n"))
                .build());
        LOG.info("after configure");
        LoggerFactory.getLogger("made.later").info("new logger after configure");
    }
}
