package dev.hookcast.delivery;

import java.util.function.BooleanSupplier;

/**
 * Bytes a catch-up holds in memory, counted against its subscriber's budget and the budget all
 * catch-ups share, from the moment they are read from the audit store until the frame made of
 * them is sent or dropped. Released once, whoever releases it.
 */
final class Lease {

    private final ByteBudget own;
    private final ByteBudget shared;
    // guarded by this
    private long bytes;

    private Lease(ByteBudget own, ByteBudget shared, long bytes) {
        this.own = own;
        this.shared = shared;
        this.bytes = bytes;
    }

    /**
     * Takes {@code bytes} from both budgets, the subscriber's first. Returns null, holding
     * nothing, if the subscriber's is not free within {@code timeoutNanos} (the shared one is
     * waited for as long as it takes), or once {@code giveUp} is true.
     */
    static Lease take(ByteBudget own, ByteBudget shared, long bytes, long timeoutNanos, BooleanSupplier giveUp)
            throws InterruptedException {
        if (!own.take(bytes, timeoutNanos, giveUp)) {
            return null;
        }
        if (!shared.take(bytes, Long.MAX_VALUE, giveUp)) {
            own.give(bytes);
            return null;
        }
        return new Lease(own, shared, bytes);
    }

    /** Moves {@code bytes} of this lease to a new one (taking what this one lacks without waiting). */
    synchronized Lease split(long bytes) {
        long moved = Math.min(bytes, this.bytes);
        this.bytes -= moved;
        own.force(bytes - moved);
        shared.force(bytes - moved);
        return new Lease(own, shared, bytes);
    }

    void release() {
        long released;
        synchronized (this) {
            released = bytes;
            bytes = 0;
        }
        if (released != 0) {
            own.give(released);
            shared.give(released);
        }
    }
}
