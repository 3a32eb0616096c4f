package dev.hookcast.delivery;

/**
 * One serialized text frame, built once per hook (or once per admin replay) and shared by every
 * subscriber's queue.
 *
 * @param id     the hook's id, or 0 for a control frame
 * @param text   the JSON text sent
 * @param bytes  its UTF-8 length, counted against a subscriber's queue limit
 * @param replay     an admin's replay: sent even though the subscriber already had this hook's id
 * @param receivedAt when the hook arrived ({@code Instant.toEpochMilli}), 0 for a control frame
 * @param lease      the memory a catch-up frame holds until it is sent or dropped; null for a live one
 */
record Frame(long id, String text, int bytes, boolean replay, long receivedAt, Lease lease) {

    Frame(long id, String text, int bytes) {
        this(id, text, bytes, false, 0, null);
    }

    /** What a frame holds in memory while queued or sent: its text, and its encoding for the socket. */
    long footprint() {
        return 2L * bytes + 64;
    }

    /** This frame for one catch-up, holding {@code lease}. */
    Frame leasing(Lease lease) {
        return new Frame(id, text, bytes, replay, receivedAt, lease);
    }

    /** Gives back the memory this frame held, once it is sent or dropped. */
    void release() {
        if (lease != null) {
            lease.release();
        }
    }
}
