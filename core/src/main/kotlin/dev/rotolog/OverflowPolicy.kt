package dev.rotolog

/**
 * What a log call does when its target's queue is full because the writer cannot keep up (a slow or full disk, a long
 * lock wait).
 */
public enum class OverflowPolicy {
    /**
     * Suspending log calls suspend until there is room; plain (blocking) calls behave as [BLOCK]. Choose it for
     * coroutine servers that would rather slow down than lose records.
     */
    SUSPEND,

    /**
     * The calling thread waits for room, at most the target's block timeout; a record that still finds no room is
     * dropped and counted. Choose it when no record may be lost in normal operation and a bounded stall of the caller
     * is acceptable. The default.
     */
    BLOCK,

    /**
     * The record is dropped at once and counted; the log later says how many were dropped. Choose it where the caller's
     * latency matters more than completeness (request threads of a latency-critical service).
     */
    DROP,
}
