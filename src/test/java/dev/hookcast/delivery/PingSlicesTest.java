package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PingSlicesTest {

    @Test
    void theDefaultIntervalIsCutIntoThirtyTicksOfOneSecond() {
        assertEquals(new PingSlices(30, 1000), PingSlices.of(Duration.ofSeconds(30)));
    }

    @Test
    void shortIntervalsKeepTicksOfAtLeast100Milliseconds() {
        assertEquals(new PingSlices(10, 100), PingSlices.of(Duration.ofSeconds(1)));
        assertEquals(new PingSlices(1, 50), PingSlices.of(Duration.ofMillis(50)));
    }

    @Test
    void everySubscriberIsPingedOnceAnIntervalAndNoTickPingsMoreThanItsShare() {
        PingSlices pings = PingSlices.of(Duration.ofSeconds(30));
        int subscribers = 10_000;
        long firstId = 7_777; // ids come from a counter shared by every channel: any start
        int[] pinged = new int[subscribers];
        for (long tick = 5; tick < 5 + pings.slices(); tick++) {
            int thisTick = 0;
            for (int i = 0; i < subscribers; i++) {
                if (pings.due(firstId + i, tick)) {
                    pinged[i]++;
                    thisTick++;
                }
            }
            assertTrue(thisTick <= (subscribers + pings.slices() - 1) / pings.slices(), "tick " + tick + ": " + thisTick);
        }
        for (int i = 0; i < subscribers; i++) {
            assertEquals(1, pinged[i], "subscriber " + i);
        }
    }
}
