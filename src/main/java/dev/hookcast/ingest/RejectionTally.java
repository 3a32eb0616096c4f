package dev.hookcast.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.hookcast.audit.RejectionCounts;

/**
 * Counts rejected requests per kind (channel, reason and minute) and decides which are written in
 * full: the first {@code perKind} of a kind in a minute, and no more than {@code perMinute} of
 * all kinds together. The rest are only counted, and the counts are written one row per kind
 * ({@link RejectionCounts}), so a flood of rejections costs a bounded number of writes. At most
 * {@code maxKinds} kinds are tracked; past that, a new kind is counted under the channel
 * {@link RejectionCounts#OTHER_CHANNELS}, so that distinct channel names cannot grow the tally.
 * Thread-safe (its own monitor); the counts not yet written wait here until {@link #flushed}.
 */
final class RejectionTally {

    /** One kind of rejection in one minute (epoch minutes). */
    record Kind(String channel, String reason, long minute) {
    }

    private static final class Counts {
        long total;
        long recorded;
        long unwrittenTotal;
        long unwrittenRecorded;
    }

    private final int perKind;
    private final int perMinute;
    private final int maxKinds;
    private final Map<Kind, Counts> kinds = new HashMap<>();
    private long minute = Long.MIN_VALUE;
    private int recordedThisMinute;

    RejectionTally(int perKind, int perMinute, int maxKinds) {
        this.perKind = perKind;
        this.perMinute = perMinute;
        this.maxKinds = maxKinds;
    }

    /**
     * Counts one rejection received at {@code at}; returns its kind when it is to be written in
     * full (to hand back to {@link #notRecorded} if that fails), null when it is only counted.
     */
    synchronized Kind count(String channel, String reason, Instant at) {
        long atMinute = Math.floorDiv(at.getEpochSecond(), 60);
        String stored = reason.length() > RejectionCounts.MAX_REASON
                ? reason.substring(0, RejectionCounts.MAX_REASON) : reason;
        Kind kind = new Kind(channel, stored, atMinute);
        Counts counts = kinds.get(kind);
        if (counts == null) {
            if (kinds.size() >= maxKinds) {
                kind = new Kind(RejectionCounts.OTHER_CHANNELS, stored, atMinute);
            }
            counts = kinds.computeIfAbsent(kind, k -> new Counts());
        }
        counts.total++;
        counts.unwrittenTotal++;
        if (atMinute > minute) {
            minute = atMinute;
            recordedThisMinute = 0;
        }
        if (counts.recorded >= perKind || recordedThisMinute >= perMinute) {
            return null;
        }
        counts.recorded++;
        counts.unwrittenRecorded++;
        recordedThisMinute++;
        return kind;
    }

    /** The rejection counted as recorded under {@code kind} got no hook row after all. */
    synchronized void notRecorded(Kind kind) {
        Counts counts = kinds.get(kind);
        if (counts != null) {
            counts.recorded--;
            counts.unwrittenRecorded--;
        }
    }

    /** The counts not yet written, one row per kind. */
    synchronized List<RejectionCounts.Row> unwritten() {
        List<RejectionCounts.Row> rows = new ArrayList<>();
        kinds.forEach((kind, counts) -> {
            if (counts.unwrittenTotal != 0 || counts.unwrittenRecorded != 0) {
                rows.add(new RejectionCounts.Row(kind.channel(), kind.reason(),
                        Instant.ofEpochSecond(kind.minute() * 60), counts.unwrittenTotal, counts.unwrittenRecorded));
            }
        });
        return rows;
    }

    /**
     * These rows (from {@link #unwritten}) are written: what was counted since stays to be
     * written next time. Kinds of minutes before the one before {@code now} with nothing left to
     * write are forgotten.
     */
    synchronized void flushed(List<RejectionCounts.Row> rows, Instant now) {
        for (RejectionCounts.Row row : rows) {
            Counts counts = kinds.get(new Kind(row.channel(), row.reason(),
                    Math.floorDiv(row.minute().getEpochSecond(), 60)));
            counts.unwrittenTotal -= row.total();
            counts.unwrittenRecorded -= row.recorded();
        }
        long keepFrom = Math.floorDiv(now.getEpochSecond(), 60) - 1;
        for (Iterator<Map.Entry<Kind, Counts>> i = kinds.entrySet().iterator(); i.hasNext();) {
            Map.Entry<Kind, Counts> entry = i.next();
            if (entry.getKey().minute() < keepFrom && entry.getValue().unwrittenTotal == 0
                    && entry.getValue().unwrittenRecorded == 0) {
                i.remove();
            }
        }
    }

    /** Kinds tracked now. */
    synchronized int size() {
        return kinds.size();
    }
}
