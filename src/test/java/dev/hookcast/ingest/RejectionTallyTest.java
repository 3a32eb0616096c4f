package dev.hookcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hookcast.audit.RejectionCounts;

/** Which rejections get a row of their own, and the counts written one row per kind. */
class RejectionTallyTest {

    private static final Instant MINUTE = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aFloodOfOneKindIsRecordedAFewTimesAMinuteAndCountedWhole() {
        RejectionTally tally = new RejectionTally(10, 1_000, 1_000);
        int recorded = 0;
        for (int i = 0; i < 8_608; i++) {
            if (tally.count("orders", "over the rate limit", MINUTE.plusMillis(i)) != null) {
                recorded++;
            }
        }
        assertEquals(10, recorded);
        assertEquals(List.of(new RejectionCounts.Row("orders", "over the rate limit", MINUTE, 8_608, 10)),
                tally.unwritten(), "one row for the kind");
        assertNotNull(tally.count("orders", "over the rate limit", MINUTE.plusSeconds(60)), "a new minute, a new share");
    }

    @Test
    void eachKindHasItsShareAndAllKindsTogetherACap() {
        RejectionTally tally = new RejectionTally(2, 3, 1_000);
        assertNotNull(tally.count("a", "r", MINUTE));
        assertNotNull(tally.count("a", "r", MINUTE));
        assertNull(tally.count("a", "r", MINUTE));
        assertNotNull(tally.count("b", "r", MINUTE));
        assertNull(tally.count("c", "r", MINUTE), "three recorded this minute, of all kinds");
        assertEquals(3, tally.unwritten().size(), "but every kind is counted");
    }

    @Test
    void pastTheKindsTrackedNewChannelsCountAsOthers() {
        RejectionTally tally = new RejectionTally(10, 1_000, 2);
        tally.count("a", "r", MINUTE);
        tally.count("b", "r", MINUTE);
        tally.count("c", "r", MINUTE);
        tally.count("d", "r", MINUTE);
        assertEquals(3, tally.size());
        assertEquals(2, tally.unwritten().stream()
                .filter(row -> row.channel().equals(RejectionCounts.OTHER_CHANNELS))
                .mapToLong(RejectionCounts.Row::total).sum());
    }

    @Test
    void whatIsCountedWhileWritingIsWrittenNextAndOldKindsAreForgotten() {
        RejectionTally tally = new RejectionTally(1, 1_000, 1_000);
        RejectionTally.Kind kind = tally.count("a", "r", MINUTE);
        tally.count("a", "r", MINUTE);
        List<RejectionCounts.Row> first = tally.unwritten();
        tally.count("a", "r", MINUTE);
        tally.notRecorded(kind);
        tally.flushed(first, MINUTE);
        assertEquals(List.of(new RejectionCounts.Row("a", "r", MINUTE, 1, -1)), tally.unwritten(),
                "the count since, and the row that was not written after all");
        tally.flushed(tally.unwritten(), MINUTE.plusSeconds(180));
        assertEquals(0, tally.size(), "nothing left to write for a minute long past");
    }
}
