package dev.hookcast.delivery;

import java.time.Duration;

/**
 * When subscribers are pinged. A timer ticks every {@link #TICK_MILLIS}; each subscriber is pinged
 * once an interval, at its own phase of it, so a tick pings only those due: pinging 10,000
 * subscribers in the same instant brought 10,000 pongs back together, Payara's HTTP worker queue
 * (4,096 events) overflowed and connections were dropped. Due times are on the clock, not counted
 * in ticks: a late tick delays a ping, it does not stretch the schedule.
 *
 * <p>Ticks are 1 s (the EJB timer service delivers no more often by default), so an interval is
 * at least 1 s and has one phase per second.
 */
record PingSchedule(long intervalNanos) {

    static final long TICK_MILLIS = 1000;
    private static final long TICK_NANOS = TICK_MILLIS * 1_000_000;

    static PingSchedule of(Duration interval) {
        return new PingSchedule(Math.max(TICK_MILLIS, interval.toMillis()) * 1_000_000);
    }

    /** One phase per tick of the interval. */
    long phases() {
        return intervalNanos / TICK_NANOS;
    }

    /** The first ping of a subscriber opened at {@code openedNanos}: within its first interval, at the phase its id picks. */
    long firstDue(long subscriberId, long openedNanos) {
        return openedNanos + (Math.floorMod(subscriberId, phases()) + 1) * TICK_NANOS;
    }

    /** The next ping after one due at {@code dueNanos} went out at {@code nowNanos}: one interval on, never in the past. */
    long nextDue(long dueNanos, long nowNanos) {
        long next = dueNanos + intervalNanos;
        return next - nowNanos > 0 ? next : nowNanos + intervalNanos;
    }
}
