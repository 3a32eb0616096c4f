package dev.hookcast.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.hookcast.platform.Sha256;

/**
 * A channel's settings; a null member means the default. Secrets are kept to check signatures;
 * the subscriber token only as its SHA-256. {@link #toString()} shows neither.
 */
public record ChannelSettings(String name, SigningScheme scheme, String secret, String previousSecret,
        String tokenHash, Long maxBytes, Integer ratePerSecond, Integer rateBurst, Integer retentionDays,
        boolean forwardSignatures) {

    public static ChannelSettings defaults(String name) {
        return new ChannelSettings(name, null, null, null, null, null, null, null, null, false);
    }

    /**
     * True when subscribers that ask for the exact body ({@code ?body=exact}) also get the
     * signature headers: only on a channel with a subscriber token.
     */
    public boolean signaturesForwarded() {
        return forwardSignatures && tokenHash != null;
    }

    public boolean signed() {
        return scheme != null;
    }

    public boolean rateLimited() {
        return ratePerSecond != null;
    }

    /** True when {@code token} is this channel's subscriber token (constant-time). */
    public boolean tokenMatches(String token) {
        return tokenHash != null && token != null && MessageDigest.isEqual(
                tokenHash.getBytes(StandardCharsets.US_ASCII), hashToken(token).getBytes(StandardCharsets.US_ASCII));
    }

    public static String hashToken(String token) {
        return Sha256.hex(token);
    }

    @Override
    public String toString() {
        return "ChannelSettings[" + name + ", signing=" + scheme + ", token=" + (tokenHash != null)
                + ", maxBytes=" + maxBytes + ", rate=" + ratePerSecond + "/" + rateBurst
                + ", retentionDays=" + retentionDays + ", forwardSignatures=" + forwardSignatures + "]";
    }
}
