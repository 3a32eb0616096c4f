package dev.hookcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final AtomicLong clock = new AtomicLong(123_456_789);
    private final Backoff backoff = new Backoff(clock::get);

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void withoutAnOutageNothingIsHeldOff() {
        assertFalse(backoff.holdsOff());
        assertEquals(0, backoff.waitMillis());
        assertFalse(backoff.storeBack(), "no outage to end");
    }

    @Test
    void anOutageLeavesTheStoreAloneFor200MsAndEachFailedTryDoublesThatUpTo2Seconds() {
        assertTrue(backoff.storeDown(), "the first failure starts the outage");
        long[] waits = {200, 400, 800, 1_600, 2_000, 2_000};
        for (int i = 0; i < waits.length; i++) {
            if (i > 0) {
                assertFalse(backoff.storeDown(), "the outage goes on");
            }
            assertEquals(waits[i], backoff.waitMillis());
            assertTrue(backoff.holdsOff());
            advance(waits[i] - 1);
            assertTrue(backoff.holdsOff(), "1 ms before the next try");
            advance(1);
            assertFalse(backoff.holdsOff(), "the next try is due");
        }
    }

    @Test
    void theFirstCommitThatSucceedsEndsTheOutageAndTheNextOneStartsAgainAt200Ms() {
        backoff.storeDown();
        advance(200);
        backoff.storeDown();
        assertEquals(400, backoff.waitMillis());
        assertTrue(backoff.storeBack(), "this ends the outage");
        assertFalse(backoff.holdsOff());
        assertEquals(0, backoff.waitMillis());
        assertFalse(backoff.storeBack(), "ended once");
        assertTrue(backoff.storeDown(), "a new outage");
        assertEquals(200, backoff.waitMillis());
    }
}
