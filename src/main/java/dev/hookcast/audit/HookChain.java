package dev.hookcast.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import dev.hookcast.platform.Rfc3339;
import dev.hookcast.platform.Sha256;

/**
 * The tamper-evident chain of a channel's accepted hooks: each hook stores SHA-256 over its
 * predecessor's hash and its own canonical content (id, channel, receivedAt, headers, body),
 * every field length-prefixed so no two contents encode alike.
 */
public final class HookChain {

    /** What the first hook of a channel links to. */
    public static final String GENESIS = "0".repeat(64);

    private HookChain() {
    }

    public static String hash(String prevHash, long id, String channel, Instant receivedAt, String headersJson,
            byte[] body) {
        MessageDigest sha256 = Sha256.digest();
        field(sha256, prevHash.getBytes(StandardCharsets.US_ASCII));
        field(sha256, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
        field(sha256, channel.getBytes(StandardCharsets.UTF_8));
        field(sha256, Rfc3339.format(receivedAt).getBytes(StandardCharsets.US_ASCII));
        field(sha256, headersJson.getBytes(StandardCharsets.UTF_8));
        field(sha256, body == null ? new byte[0] : body);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Recomputes a stored hook's hash from its stored content. */
    public static String hash(Hook hook) {
        return hash(hook.getPrevHash(), hook.getId(), hook.getChannel(), hook.getReceivedAt().toInstant(),
                hook.getHeaders(), hook.getBody());
    }

    private static void field(MessageDigest digest, byte[] value) {
        digest.update(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(value);
    }
}
