package dev.hookcast.ingest;

import java.util.function.LongSupplier;

/**
 * The ingest writer's back-off while the audit store is down: after the first failed try the store
 * is left alone for 200 ms, and each try that fails again doubles that, up to 2 s; the first commit
 * that succeeds ends the outage. Touched by the writer thread only.
 */
final class Backoff {

    static final long MIN_MS = 200;
    static final long MAX_MS = 2_000;

    private final LongSupplier nanoTime;
    /** The current wait (0: no outage), and when it ends. */
    private long waitMs;
    private long retryAtNanos;

    /** {@code nanoTime} is {@code System::nanoTime}, or a test's clock. */
    Backoff(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** True while the store is to be left alone: in an outage, before its next try. */
    boolean holdsOff() {
        return waitMs > 0 && nanoTime.getAsLong() - retryAtNanos < 0;
    }

    /** A try found the store down: the wait starts, or doubles. True when this starts an outage. */
    boolean storeDown() {
        boolean starts = waitMs == 0;
        waitMs = starts ? MIN_MS : Math.min(2 * waitMs, MAX_MS);
        retryAtNanos = nanoTime.getAsLong() + waitMs * 1_000_000;
        return starts;
    }

    /** A commit succeeded. True when this ends an outage. */
    boolean storeBack() {
        boolean ends = waitMs > 0;
        waitMs = 0;
        return ends;
    }

    /** The current wait in milliseconds; 0 outside an outage. */
    long waitMillis() {
        return waitMs;
    }
}
