package dev.hookcast.ingest;

import java.time.Instant;
import java.util.List;

import dev.hookcast.audit.Header;

/** A hook committed to the audit store as accepted: everything a subscriber's frame is made of. */
public record HookAccepted(long id, String channel, Instant receivedAt, String contentType,
        List<Header> headers, byte[] body) {
}
