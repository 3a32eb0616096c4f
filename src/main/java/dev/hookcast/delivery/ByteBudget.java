package dev.hookcast.delivery;

import java.util.function.BooleanSupplier;

/**
 * Bytes that may be held at once, taken before memory is filled and given back once it is free
 * again. A request larger than the whole budget is granted when nothing else is held, so one
 * oversized item still goes through: the budget is exceeded by at most that one request.
 */
final class ByteBudget {

    private static final long RECHECK_MS = 100;

    private final long total;
    // guarded by this
    private long held;

    ByteBudget(long total) {
        this.total = total;
    }

    /**
     * Takes {@code bytes}, waiting while they do not fit. Returns false, having taken nothing,
     * after {@code timeoutNanos} or once {@code giveUp} is true (checked at least every 100 ms,
     * without this budget's lock: it may take the caller's, which is held while giving back).
     */
    boolean take(long bytes, long timeoutNanos, BooleanSupplier giveUp) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            synchronized (this) {
                if (held == 0 || held + bytes <= total) {
                    held += bytes;
                    return true;
                }
                long left = timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, Math.min(RECHECK_MS, left / 1_000_000)));
            }
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
    }

    /** Takes {@code bytes} without waiting: for an estimate that proved short, never for new work. */
    synchronized void force(long bytes) {
        held += bytes;
    }

    synchronized void give(long bytes) {
        held -= bytes;
        notifyAll();
    }

    synchronized long held() {
        return held;
    }
}
