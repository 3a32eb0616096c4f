package dev.hookcast.delivery;

/**
 * One serialized text frame, built once per hook (or once per admin replay) and shared by every
 * subscriber's queue.
 *
 * @param id     the hook's id, or 0 for a control frame
 * @param text   the JSON text sent
 * @param bytes  its UTF-8 length, counted against a subscriber's queue limit
 * @param replay an admin's replay: sent even though the subscriber already had this hook's id
 */
record Frame(long id, String text, int bytes, boolean replay) {

    Frame(long id, String text, int bytes) {
        this(id, text, bytes, false);
    }
}
