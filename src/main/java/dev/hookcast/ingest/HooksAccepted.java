package dev.hookcast.ingest;

import java.util.List;

/**
 * Fired inside the ingest transaction; observed {@code AFTER_SUCCESS}, so a rolled-back hook is
 * never broadcast. One event per committed batch keeps the hooks in id order.
 */
public record HooksAccepted(List<HookAccepted> hooks) {
}
