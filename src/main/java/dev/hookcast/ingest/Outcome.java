package dev.hookcast.ingest;

import java.time.Instant;

/** What became of an incoming hook: stored under {@code id}, or a duplicate of the hook {@code id}. */
record Outcome(long id, Instant receivedAt, boolean duplicate) {
}
