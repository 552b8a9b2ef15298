package dev.rotolog.slf4j.programs;

import dev.rotolog.Level;
import dev.rotolog.slf4j.JavaConfig;
import dev.rotolog.slf4j.RotologServiceProvider;
import org.slf4j.LoggerFactory;

/** Configures rotolog in code before anything touches SLF4J; no configuration file is read then. */
public final class ConfigureFirstProgram {
    public static void main(String[] args) {
        RotologServiceProvider.configure(JavaConfig.builder()
                .level(Level.DEBUG)
                .file(JavaConfig.file(args[0]).pattern("%level %logger %msg%n"))
                .build());
        LoggerFactory.getLogger("first").debug("configured in code");
        System.out.println("owner files=" + RotologServiceProvider.owner().getConfig().getFiles().size());
    }
}
