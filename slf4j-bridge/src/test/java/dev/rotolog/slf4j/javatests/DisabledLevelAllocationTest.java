package dev.rotolog.slf4j.javatests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Calls at a disabled level allocate nothing. Measured with the JVM's per-thread
 * allocation counter around a million calls of each form, after warming up so the JIT has compiled them; the
 * figures are printed for the record.
 *
 * Runs in the test JVM with the in-process configuration (root level INFO), so DEBUG and TRACE are disabled for
 * "alloc.probe".
 */
class DisabledLevelAllocationTest {
    private static final int CALLS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Logger log = LoggerFactory.getLogger("alloc.probe");
    private final Marker marker = MarkerFactory.getMarker("ALLOC");
    private final String a = "a";
    private final String b = "b";
    private final Exception failure = new Exception("not thrown");

    @FunctionalInterface
    private interface Calls {
        void run(int i);
    }

    private long allocatedBy(Calls calls) {
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < CALLS / 10; i++) calls.run(i);
        }
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < CALLS; i++) calls.run(i);
        return THREADS.getThreadAllocatedBytes(tid) - before;
    }

    private long report(String form, Calls calls) {
        long bytes = allocatedBy(calls);
        System.out.printf("disabled-level allocation: %-42s %,d bytes for %,d calls%n", form, bytes, CALLS);
        return bytes;
    }

    @Test
    void theMeasurementSeesAllocationWhenThereIsSome() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        Object[] sink = new Object[1];
        long bytes = report("control: new Object[] per call", i -> sink[0] = new Object[] {i});
        assertTrue(bytes >= 16L * CALLS, "the allocation counter did not see " + CALLS + " arrays: " + bytes);
    }

    @Test
    void disabledCallsAllocateNothing() {
        assertFalse(log.isDebugEnabled());
        assertFalse(log.isTraceEnabled());
        // A few hundred bytes of slack for the counter's own bookkeeping; a single allocation per call would be
        // at least 16 MB here.
        long slack = 1024;
        long[] figures = {
            report("isDebugEnabled()", i -> { if (log.isDebugEnabled()) throw new AssertionError(); }),
            report("debug(String)", i -> log.debug("message")),
            report("debug(String, Object)", i -> log.debug("message {}", a)),
            report("debug(String, Object, Object)", i -> log.debug("message {} {}", a, b)),
            report("debug(String, Throwable)", i -> log.debug("message", failure)),
            report("trace(Marker, String, Object)", i -> log.trace(marker, "message {}", a)),
            report("atDebug().addKeyValue(..).log(..)", i -> log.atDebug().addKeyValue("k", a).log("message {}", b)),
        };
        for (long bytes : figures) assertTrue(bytes < slack, "a disabled call allocated: " + bytes + " bytes");
    }

    @Test
    void varargsCallsAllocateOnlyWhatJavaAllocatesAtTheCallSite() {
        assertFalse(log.isDebugEnabled());
        // debug(String, Object...) receives an array that javac builds before the call (the JIT may remove it once
        // the call is inlined). That array is the caller's; the logger may add nothing to it. The control builds the
        // same array and keeps it, so that it surely is allocated, once per call.
        Object[][] kept = new Object[1][];
        long callSite = report("control: new Object[] {a, b, a}, kept", i -> kept[0] = new Object[] {a, b, a});
        long varargs = report("debug(String, Object...) with 3 args", i -> log.debug("message {} {} {}", a, b, a));
        assertTrue(callSite >= 16L * CALLS, "the control's arrays were not counted: " + callSite + " bytes");
        assertTrue(varargs <= callSite + 1024,
                "a disabled varargs call allocated " + varargs + " bytes, more than its own arguments array (" + callSite + ")");
    }
}
