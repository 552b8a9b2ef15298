package dev.rotolog.archive

import java.util.concurrent.atomic.AtomicLong

/** What one target's archiver in this JVM has done; tests and the status report read it. */
internal class ArchiverCounters {
    /** Passes that ran to the end under the archiver lock. */
    val passes = AtomicLong()

    /** Times the archiver lock was taken by another archiver, so the pass was put off. */
    val busy = AtomicLong()

    /** Archives compressed (`x.gz` published and `x` deleted). */
    val compressed = AtomicLong()

    /** Compressions that failed (disk full, I/O error); the raw archive was kept and will be tried again. */
    val compressionFailures = AtomicLong()

    /** Files deleted by retention. */
    val deleted = AtomicLong()

    /** Leftovers of an interrupted pass cleaned up: stale `.part` files, `x` beside a complete `x.gz`, broken `.gz`. */
    val repaired = AtomicLong()

    /** I/O failures of any step, failed compressions included; each is reported and the pass retried later. */
    val errors = AtomicLong()
}
