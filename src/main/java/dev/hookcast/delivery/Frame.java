package dev.hookcast.delivery;

import java.nio.charset.StandardCharsets;

/**
 * One serialized text frame, built once per hook (or once per admin replay) and shared by every
 * subscriber's queue. Its WebSocket framing ({@link #wire}) is built too at most once, the first
 * time a subscriber whose socket takes pre-framed bytes sends it ({@link TyrusWire}).
 */
final class Frame {

    private final long id;
    private final String text;
    private final int bytes;
    private final boolean replay;
    private final long receivedAt;
    private final Lease lease;
    /** The whole WebSocket frame (header and UTF-8 payload), built on first use; shared with {@link #leasing} copies. */
    private volatile byte[] wire;

    /**
     * @param id         the hook's id, or 0 for a control frame
     * @param text       the JSON text sent
     * @param bytes      its UTF-8 length, counted against a subscriber's queue limit
     * @param replay     an admin's replay: sent even though the subscriber already had this hook's id
     * @param receivedAt when the hook arrived ({@code Instant.toEpochMilli}), 0 for a control frame
     * @param lease      the memory a catch-up frame holds until it is sent or dropped; null for a live one
     */
    Frame(long id, String text, int bytes, boolean replay, long receivedAt, Lease lease) {
        this.id = id;
        this.text = text;
        this.bytes = bytes;
        this.replay = replay;
        this.receivedAt = receivedAt;
        this.lease = lease;
    }

    Frame(long id, String text, int bytes) {
        this(id, text, bytes, false, 0, null);
    }

    long id() {
        return id;
    }

    String text() {
        return text;
    }

    int bytes() {
        return bytes;
    }

    boolean replay() {
        return replay;
    }

    long receivedAt() {
        return receivedAt;
    }

    /** What a frame holds in memory while queued or sent: its text, and its encoding for the socket. */
    long footprint() {
        return 2L * bytes + 64;
    }

    /** This frame for one catch-up, holding {@code lease}. */
    Frame leasing(Lease lease) {
        Frame leased = new Frame(id, text, bytes, replay, receivedAt, lease);
        leased.wire = wire;
        return leased;
    }

    /** Gives back the memory this frame held, once it is sent or dropped. */
    void release() {
        if (lease != null) {
            lease.release();
        }
    }

    /**
     * This frame as one unmasked, final WebSocket text frame (RFC 6455 section 5.2), encoded on
     * first use and then shared by every subscriber: callers must not change it. Two threads may
     * both encode it the first time; they build the same bytes.
     */
    byte[] wire() {
        byte[] built = wire;
        if (built == null) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            built = new byte[headerLength(payload.length) + payload.length];
            int offset = writeHeader(built, payload.length);
            System.arraycopy(payload, 0, built, offset, payload.length);
            wire = built;
        }
        return built;
    }

    /** The length of the header of a server's text frame carrying {@code payload} bytes. */
    static int headerLength(long payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }

    /** Where the payload of a frame built by {@link #wire} starts, read off its header. */
    static int payloadOffset(byte[] wire) {
        int length = wire[1] & 0x7F;
        return length < 126 ? 2 : length == 126 ? 4 : 10;
    }

    /** Writes a final, unmasked text frame's header for {@code payload} bytes at the start of {@code out}; its length. */
    static int writeHeader(byte[] out, long payload) {
        out[0] = (byte) 0x81; // FIN, text
        if (payload < 126) {
            out[1] = (byte) payload;
            return 2;
        }
        if (payload <= 0xFFFF) {
            out[1] = 126;
            out[2] = (byte) (payload >>> 8);
            out[3] = (byte) payload;
            return 4;
        }
        out[1] = 127;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) (payload >>> (56 - 8 * i));
        }
        return 10;
    }
}
