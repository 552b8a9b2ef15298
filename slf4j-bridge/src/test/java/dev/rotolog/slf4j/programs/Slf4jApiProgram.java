package dev.rotolog.slf4j.programs;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * A Java application that knows only slf4j-api. Run as a child JVM by Slf4jApiTest, configured by a properties
 * file; it returns from main without any shutdown call, so its records reach the file through the exit hook.
 */
public final class Slf4jApiProgram {
    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger("app.api");

        log.trace("trace {}", 1);
        log.debug("debug {}", 2);
        log.info("info {}", 3);
        log.warn("warn {}", 4);
        log.error("error {}", 5);

        log.info("arrays {} and {} and {}", new int[] {1, 2, 3}, new String[] {"a", "b"}, new Object[] {new long[] {7L}, "x"});
        log.info("three args {} {} {}", "a", "b", "c");
        log.info("escaped \\{} and {}", "x");
        log.info("escaped escape \\\\{}", "y");
        log.info("too few {} {} args", "only");
        log.info("no placeholder", "ignored");
        log.info("literal {} kept", (Object[]) null);

        log.error("failed for {}", "order-7", new IllegalStateException("boom"));
        log.warn("single {}", new RuntimeException("alone"));
        log.error("explicit", new IOException("io"));

        Marker audit = MarkerFactory.getMarker("AUDIT");
        Marker security = MarkerFactory.getMarker("SECURITY");
        log.info(audit, "with marker {}", "m");
        log.atInfo().addMarker(audit).addMarker(security).log("two markers");

        log.atInfo().addKeyValue("orderId", 42).addKeyValue("user", "bob").log("fluent {}", "call");
        log.atWarn().setCause(new IOException("fluent cause")).addKeyValue("k", "v").setMessage("fluent with cause").log();
        log.atDebug().addArgument(() -> "lazy").addKeyValue("n", () -> 1.5).log("supplied {}");
        log.atTrace().log("fluent trace");

        MDC.put("requestId", "r-1");
        log.info("with mdc");
        MDC.pushByKey("op", "outer");
        MDC.pushByKey("op", "inner");
        log.info("with deque");
        // The MDC facade of SLF4J 2.0 declares getCopyOfDequeByKey non-static and has no clearDequeByKey; the adapter has both.
        System.out.println("deque=" + MDC.getMDCAdapter().getCopyOfDequeByKey("op"));
        System.out.println("popped=" + MDC.popByKey("op"));
        log.info("after pop");
        MDC.getMDCAdapter().clearDequeByKey("op");
        MDC.remove("requestId");
        log.info("after clear");

        MDC.put("requestId", "r-2");
        Thread other = new Thread(() -> log.info("other thread"), "worker-1");
        other.start();
        other.join();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("scoped", "yes")) {
            log.info("in scope");
        }
        log.info("out of scope");
        MDC.clear();

        Logger quiet = LoggerFactory.getLogger("quiet.logger");
        quiet.debug("must not appear");
        quiet.atDebug().addKeyValue("k", "v").log("must not appear either");
        quiet.info("quiet info");

        log.info("line\nbreak\rand\u2028separator");
        System.out.println("main returns");
    }
}
