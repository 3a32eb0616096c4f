package dev.hookcast.ingest;

import java.time.Instant;
import java.util.List;

import dev.hookcast.audit.Header;
import dev.hookcast.platform.Json;
import dev.hookcast.platform.Problem;
import dev.hookcast.platform.Rfc3339;

/**
 * A hook read off the wire and waiting for the ingest writer. {@code rejection} is null for a
 * hook to accept; otherwise the hook is audited as rejected with that reason and never broadcast.
 * {@code answer} is null when nobody waits for the outcome (a rejection already answered).
 */
record IncomingHook(String channel, Instant receivedAt, String contentType, List<Header> headers,
        String remoteAddress, byte[] body, long size, String dedupKey, String rejection, String signature,
        Answer answer, String locationPrefix) {

    boolean accepted() {
        return rejection == null;
    }

    /**
     * What the hook holds in memory while it waits for the commit: its body. A rejection keeps no
     * body, so the size it declared (recorded in {@code size}) costs nothing here: cheap requests
     * declaring huge sizes cannot crowd out the hooks that carry them.
     */
    long heldBytes() {
        return body == null ? 0 : body.length;
    }

    HookAccepted toEvent(long id, long previousId) {
        return new HookAccepted(id, previousId, channel, receivedAt, contentType, headers, body);
    }

    /**
     * Answers once the hook is committed: 202 with the stored hook's JSON, or 200 with the
     * first hook's JSON when this was a duplicate delivery.
     */
    void committed(Outcome outcome) {
        if (answer != null) {
            String json = "{\"id\":\"" + outcome.id() + "\",\"channel\":" + Json.quote(channel)
                    + ",\"receivedAt\":\"" + Rfc3339.format(outcome.receivedAt()) + "\"}";
            answer.stored(outcome.duplicate() ? 200 : 202, json, locationPrefix + outcome.id());
        }
    }

    /** Answers 503: the hook could not be committed, so it is not acknowledged. */
    void failed(String detail) {
        if (answer != null) {
            answer.problem(Problem.unavailable(detail));
        }
    }
}
