package dev.hookcast.delivery;

import java.time.Duration;

/**
 * When each subscriber is pinged: the ping interval is cut into {@code slices} ticks and a
 * subscriber is pinged on the tick its id falls on, so each is pinged once an interval and a
 * tick pings only a slice of them. Pinging 10,000 subscribers at once brought 10,000 pongs back
 * together; Payara's HTTP worker queue (4,096 tasks) overflowed and connections were dropped.
 */
record PingSlices(int slices, long tickMillis) {

    /** At most this many slices, and no tick shorter than {@link #MIN_TICK_MILLIS}. */
    static final int MAX_SLICES = 30;
    static final long MIN_TICK_MILLIS = 100;

    static PingSlices of(Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        int slices = (int) Math.max(1, Math.min(MAX_SLICES, millis / MIN_TICK_MILLIS));
        return new PingSlices(slices, millis / slices);
    }

    /** True when the subscriber with this id is to be pinged on this tick. */
    boolean due(long subscriberId, long tick) {
        return Math.floorMod(subscriberId, slices) == Math.floorMod(tick, slices);
    }
}
