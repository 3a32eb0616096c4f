package dev.hookcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every body limit is capped by what the pending-bytes bound lets the server ever take. */
class IngestLimitsTest {

    private static final long PENDING = 268_435_456;

    @Test
    void aChannelLimitOverThePendingBytesCountsAsThePendingBytes() {
        assertEquals(PENDING, IngestLimits.limit((long) Integer.MAX_VALUE, 26_214_400, PENDING));
        assertEquals(1_000, IngestLimits.limit(1_000L, 26_214_400, PENDING));
    }

    @Test
    void theDefaultLimitIsCappedToo() {
        assertEquals(26_214_400, IngestLimits.limit(null, 26_214_400, PENDING));
        assertEquals(1_000_000, IngestLimits.limit(null, 26_214_400, 1_000_000));
    }

    @Test
    void theCeilingFitsAnArrayWithTheExtraByte() {
        assertEquals(Integer.MAX_VALUE - 9L, IngestLimits.ceiling(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE - 8L, IngestLimits.ceiling(Long.MAX_VALUE) + 1);
    }
}
