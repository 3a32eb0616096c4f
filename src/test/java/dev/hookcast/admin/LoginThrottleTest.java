package dev.hookcast.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private long now = 1_000_000_000_000L;
    private final LoginThrottle throttle = new LoginThrottle(() -> now);

    private void advance(long seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void fiveFailuresWithinAMinuteBlockTheRestOfTheMinute() {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "attempt " + (i + 1) + " is allowed");
            throttle.failed("10.0.0.1");
            advance(2);
        }
        assertEquals(50, throttle.retryAfterSeconds("10.0.0.1"), "blocked until a minute after the first failure");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2"), "other addresses are not");
        advance(49);
        assertEquals(1, throttle.retryAfterSeconds("10.0.0.1"));
        advance(1);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "the window is over");
        throttle.failed("10.0.0.1");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "a new window, with one failure");
    }

    @Test
    void failuresSpreadOverMoreThanAMinuteAreNotBlocked() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.1");
            advance(13);
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "failure " + (i + 1));
        }
    }

    @Test
    void remembersAtMostTenThousandAddressesForgettingTheOldest() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("first");
        }
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("10.1." + i);
        }
        assertEquals(LoginThrottle.MAX_ADDRESSES, throttle.size());
        assertEquals(0, throttle.retryAfterSeconds("first"), "evicted");
    }

    @Test
    void endedWindowsAreDropped() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("10.2." + i);
        }
        advance(60);
        throttle.failed("late");
        assertEquals(1, throttle.size());
    }
}
