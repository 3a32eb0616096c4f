package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PingScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void ticksAreOneSecondAndAnIntervalIsAtLeastOne() {
        assertEquals(1000, PingSchedule.TICK_MILLIS);
        PingSchedule thirty = PingSchedule.of(Duration.ofSeconds(30));
        assertEquals(30 * SECOND, thirty.intervalNanos());
        assertEquals(30, thirty.phases());
        for (Duration interval : new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(500)}) {
            PingSchedule one = PingSchedule.of(interval);
            assertEquals(SECOND, one.intervalNanos(), interval.toString());
            assertEquals(1, one.phases(), interval.toString());
        }
    }

    @Test
    void tenThousandSubscribersOpenedTogetherArePingedAPhaseAtATimeOnceAnInterval() {
        PingSchedule pings = PingSchedule.of(Duration.ofSeconds(30));
        Simulation run = new Simulation(pings, 10_000, SECOND);
        assertTrue(run.mostInOneTick <= (10_000 + 29) / 30, "one tick pinged " + run.mostInOneTick);
        assertTrue(run.longestGap <= pings.intervalNanos(), "a gap of " + run.longestGap + " ns");
        assertTrue(run.firstPingLatest <= pings.intervalNanos(), "first ping " + run.firstPingLatest + " ns after open");
        assertEquals(4, run.leastPings, "pinged once every 30 s over 2 minutes");
    }

    @Test
    void lateTicksDelayPingsWithoutStretchingTheSchedule() {
        // The timer firing every 1.4 s instead of 1 s (a loaded machine): no subscriber goes
        // unpinged for anywhere near the two intervals after which it is closed as silent.
        for (Duration interval : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(30)}) {
            PingSchedule pings = PingSchedule.of(interval);
            Simulation run = new Simulation(pings, 1_000, 1_400_000_000L);
            assertTrue(run.longestGap <= pings.intervalNanos() + 1_400_000_000L, interval + ": a gap of " + run.longestGap);
            assertTrue(run.firstPingLatest <= pings.intervalNanos() + 1_400_000_000L, interval + ": " + run.firstPingLatest);
        }
    }

    /** Subscribers opened at time 0 and the timer ticking every {@code tickNanos} for 2 minutes, as ChannelEndpoint runs it. */
    private static final class Simulation {
        int mostInOneTick;
        long longestGap;
        long firstPingLatest;
        int leastPings = Integer.MAX_VALUE;

        Simulation(PingSchedule pings, int subscribers, long tickNanos) {
            long opened = 123_456_789L;
            long[] due = new long[subscribers];
            long[] last = new long[subscribers];
            int[] count = new int[subscribers];
            for (int i = 0; i < subscribers; i++) {
                due[i] = pings.firstDue(1_000_000L + i, opened);
                last[i] = opened;
            }
            for (long now = opened + tickNanos; now <= opened + 120 * SECOND; now += tickNanos) {
                int thisTick = 0;
                for (int i = 0; i < subscribers; i++) {
                    if (now - due[i] < 0) {
                        continue;
                    }
                    due[i] = pings.nextDue(due[i], now);
                    if (count[i] == 0) {
                        firstPingLatest = Math.max(firstPingLatest, now - opened);
                    }
                    longestGap = Math.max(longestGap, now - last[i]);
                    last[i] = now;
                    count[i]++;
                    thisTick++;
                }
                mostInOneTick = Math.max(mostInOneTick, thisTick);
            }
            for (int c : count) {
                leastPings = Math.min(leastPings, c);
            }
        }
    }
}
