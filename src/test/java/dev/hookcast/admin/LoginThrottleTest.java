package dev.hookcast.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private long now = 1_000_000_000_000L;
    private final LoginThrottle throttle = new LoginThrottle(() -> now);

    private void advance(long seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    /** A failed login from {@code address}: admitted (asserted), then reported as failed. */
    private void fail(String address) {
        LoginThrottle.Attempt attempt = throttle.admit(address);
        assertEquals(0, attempt.retryAfterSeconds(), address + " is admitted");
        throttle.report(attempt, false);
    }

    /** Seconds until {@code address} may try again; an admitted attempt succeeds. */
    private long retryAfter(String address) {
        LoginThrottle.Attempt attempt = throttle.admit(address);
        throttle.report(attempt, true);
        return attempt.retryAfterSeconds();
    }

    @Test
    void fiveFailuresWithinAMinuteBlockTheRestOfTheMinute() {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, retryAfter("10.0.0.1"), "attempt " + (i + 1) + " is allowed");
            fail("10.0.0.1");
            advance(2);
        }
        assertEquals(50, retryAfter("10.0.0.1"), "blocked until a minute after the first failure");
        assertEquals(0, retryAfter("10.0.0.2"), "other addresses are not");
        advance(49);
        assertEquals(1, retryAfter("10.0.0.1"));
        advance(1);
        assertEquals(0, retryAfter("10.0.0.1"), "the window is over");
        fail("10.0.0.1");
        assertEquals(0, retryAfter("10.0.0.1"), "a new window, with one failure");
    }

    @Test
    void aSuccessDoesNotClearTheFailuresBefore() {
        for (int i = 0; i < 4; i++) {
            fail("10.0.0.1");
        }
        assertEquals(0, retryAfter("10.0.0.1"), "succeeded");
        fail("10.0.0.1");
        assertTrue(retryAfter("10.0.0.1") > 0);
    }

    @Test
    void failuresSpreadOverMoreThanAMinuteAreNotBlocked() {
        for (int i = 0; i < 20; i++) {
            fail("10.0.0.1");
            advance(13);
            assertEquals(0, retryAfter("10.0.0.1"), "failure " + (i + 1));
        }
    }

    @Test
    void anAttemptIsCountedFromItsAdmissionSoConcurrentGuessesGetFivePlacesAtMost() {
        List<LoginThrottle.Attempt> evaluating = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            evaluating.add(throttle.admit("10.0.0.1"));
            assertEquals(0, evaluating.get(i).retryAfterSeconds());
        }
        evaluating.forEach(attempt -> throttle.report(attempt, false));
        throttle.report(evaluating.get(0), true); // reported twice: the second report is ignored
        assertEquals(60, throttle.admit("10.0.0.1").retryAfterSeconds());
    }

    /**
     * 50 wrong passwords at once from one address, each evaluation held until five are under way:
     * five are evaluated, the rest wait for them and are refused.
     */
    @Test
    void concurrentWrongPasswordsAreEvaluatedFiveTimesAndTheRestRefused() throws Exception {
        LoginThrottle clock = new LoginThrottle();
        int guesses = 50;
        CountDownLatch fiveEvaluating = new CountDownLatch(LoginThrottle.MAX_FAILURES);
        AtomicInteger evaluated = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(guesses);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                answers.add(threads.submit(() -> {
                    LoginThrottle.Attempt attempt = clock.admit("10.0.0.9");
                    if (attempt.retryAfterSeconds() == 0) {
                        evaluated.incrementAndGet();
                        fiveEvaluating.countDown();
                        assertTrue(fiveEvaluating.await(20, TimeUnit.SECONDS), "five evaluations at once");
                        clock.report(attempt, false);
                    }
                    return attempt.retryAfterSeconds();
                }));
            }
            int refused = 0;
            for (Future<Long> answer : answers) {
                refused += answer.get(30, TimeUnit.SECONDS) > 0 ? 1 : 0;
            }
            assertEquals(LoginThrottle.MAX_FAILURES, evaluated.get());
            assertEquals(guesses - LoginThrottle.MAX_FAILURES, refused);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Right passwords in parallel are never refused: five are evaluated while the other fifteen
     * wait for a place, and get one as the five succeed.
     */
    @Test
    void concurrentRightPasswordsWaitForAPlaceInsteadOfBeingRefused() throws Exception {
        LoginThrottle clock = new LoginThrottle();
        int logins = 20;
        AtomicInteger answered = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(logins);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                answers.add(threads.submit(() -> {
                    LoginThrottle.Attempt attempt = clock.admit("10.0.0.9");
                    if (answered.incrementAndGet() <= LoginThrottle.MAX_FAILURES) {
                        // one of the first five: hold the place until the rest wait, or were refused
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        while (clock.waiting() + answered.get() < logins && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                    }
                    clock.report(attempt, true);
                    return attempt.retryAfterSeconds();
                }));
            }
            for (Future<Long> answer : answers) {
                assertEquals(0, answer.get(30, TimeUnit.SECONDS));
            }
            assertEquals(0, clock.size(), "successes leave nothing behind");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void remembersAtMostTenThousandAddressesForgettingTheOldest() {
        for (int i = 0; i < 5; i++) {
            fail("first");
        }
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES; i++) {
            fail("10.1." + i);
        }
        assertEquals(LoginThrottle.MAX_ADDRESSES, throttle.size());
        assertEquals(0, retryAfter("first"), "evicted");
    }

    @Test
    void endedWindowsAreDropped() {
        for (int i = 0; i < 100; i++) {
            fail("10.2." + i);
        }
        advance(60);
        fail("late");
        assertEquals(1, throttle.size());
    }
}
