package dev.hookcast.platform;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Times as Hookcast writes them: RFC 3339 in UTC with exactly three fraction digits
 * ({@code 2026-01-31T00:00:00.000Z}), where {@code ISO_INSTANT} would drop a zero fraction. The
 * hash chain hashes this text (audit {@code HookChain}), so its format never changes.
 */
public final class Rfc3339 {

    public static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    /** An instant, or a date-time with an offset, in UTC to the millisecond. */
    public static String format(TemporalAccessor time) {
        return MILLIS.format(time);
    }
}
