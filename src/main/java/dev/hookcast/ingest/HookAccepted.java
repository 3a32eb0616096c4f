package dev.hookcast.ingest;

import java.time.Instant;
import java.util.List;

import dev.hookcast.audit.Header;
import dev.hookcast.audit.Hook;

/**
 * A hook committed to the audit store as accepted: everything a subscriber's frame is made of,
 * and the id of the channel's accepted hook before it (0 for the first), by which an instance
 * that learns of hooks from several sources sees whether it missed one.
 */
public record HookAccepted(long id, long previousId, String channel, Instant receivedAt, String contentType,
        List<Header> headers, byte[] body) {

    /**
     * A hook read back from the audit store; {@code previousId} as the reader knows it. A hook
     * stored before credentials were redacted on arrival is redacted here.
     */
    public static HookAccepted stored(Hook hook, long previousId) {
        return new HookAccepted(hook.getId(), previousId, hook.getChannel(), hook.getReceivedAt().toInstant(),
                hook.getContentType(), Header.redacted(Header.fromJson(hook.getHeaders())), hook.getBody());
    }
}
