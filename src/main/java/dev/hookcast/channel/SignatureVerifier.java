package dev.hookcast.channel;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the signature of a webhook sent to a signed channel (docs/API.md, "Signed channels").
 *
 * <p>Pure Java: the caller hands over a case-insensitive header lookup, the raw body and the
 * current time. A request that does not carry a valid signature gets a rejection, whatever its
 * headers hold: malformed headers never throw. Signatures are compared with
 * {@link MessageDigest#isEqual} on decoded bytes. A rejection's reason is one of the constants of
 * {@link Verdict}; neither reasons nor exception messages ever contain a secret or an expected
 * signature.
 *
 * <p>Rotation: a signature valid under the channel's secret or under its previous secret passes.
 *
 * <p>When a signature has a timestamp (standard, stripe) the signature is checked first and the
 * timestamp second, so {@link Verdict#STALE} means "authentic, but more than {@link #TOLERANCE}
 * away from now" (a replay or a skewed clock) and a forged request is always {@link Verdict#INVALID}.
 */
public final class SignatureVerifier {

    /** How far a signed timestamp may be from now, either way (inclusive). */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final long TOLERANCE_SECONDS = TOLERANCE.toSeconds();
    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final String WHSEC = "whsec_";
    private static final String GITHUB_PREFIX = "sha256=";
    private static final String STANDARD_V1 = "v1,";
    private static final String STANDARD_V1A = "v1a,";
    private static final String WHPK = "whpk_";
    private static final String WHSK = "whsk_";
    private static final String ED25519 = "Ed25519";
    private static final int ED25519_KEY_LENGTH = 32;
    private static final int ED25519_SIGNATURE_LENGTH = 64;
    /** The DER of an X.509 SubjectPublicKeyInfo for Ed25519, before the key's 32 raw bytes (RFC 8410). */
    private static final byte[] ED25519_X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};
    private static final byte[] NOTHING = new byte[0];

    private SignatureVerifier() {
    }

    /**
     * Checks a secret when a channel is configured, so that {@link #verify} never meets a bad one.
     * Every scheme refuses a null or empty secret; {@code standard} also requires base64 (standard
     * alphabet, padding optional) after an optional {@code whsec_} prefix, decoding to at least one
     * byte. The message never contains the secret.
     *
     * @throws IllegalArgumentException when the secret cannot be used with that scheme
     */
    public static void checkSecret(SigningScheme scheme, String secret) {
        if (scheme == SigningScheme.STANDARD) {
            StandardKey.of(secret);
        } else {
            key(scheme, secret);
        }
    }

    /**
     * Verifies a request's signature.
     *
     * @param scheme the channel's scheme
     * @param secret the channel's secret, as configured (checked by {@link #checkSecret})
     * @param previousSecret the secret being rotated out, or null (an empty string counts as none)
     * @param header case-insensitive header lookup: the first value of a header, or null
     * @param body the raw request body, as received
     * @param now the current time
     * @return {@link Verdict#ok()} or a rejection with a reason that is safe to show
     * @throws IllegalArgumentException when a configured secret is not valid for the scheme (the
     *     message never contains it); {@link #checkSecret} at configuration time prevents this
     */
    public static Verdict verify(SigningScheme scheme, String secret, String previousSecret,
            Function<String, String> header, byte[] body, Instant now) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(now, "now");
        boolean previous = previousSecret != null && !previousSecret.isEmpty();
        if (scheme == SigningScheme.STANDARD) {
            return standard(StandardKey.of(secret), previous ? StandardKey.of(previousSecret) : null, header, body,
                    now);
        }
        byte[] key = key(scheme, secret);
        byte[] previousKey = previous ? key(scheme, previousSecret) : null;
        return scheme == SigningScheme.GITHUB
                ? github(key, previousKey, header, body)
                : stripe(key, previousKey, header, body, now);
    }

    /**
     * A case-insensitive lookup of the first value of a header in a map of header lists, such as
     * JAX-RS's {@code HttpHeaders.getRequestHeaders()}: for {@link #verify}'s {@code header}.
     */
    public static Function<String, String> firstValues(Map<String, ? extends List<String>> headers) {
        Objects.requireNonNull(headers, "headers");
        return name -> {
            for (Map.Entry<String, ? extends List<String>> entry : headers.entrySet()) {
                List<String> values = entry.getValue();
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && values != null
                        && !values.isEmpty()) {
                    return values.get(0);
                }
            }
            return null;
        };
    }

    /* ---- schemes ---- */

    /**
     * A Standard Webhooks key: an HMAC secret ({@code whsec_<base64>}, for {@code v1,}
     * signatures) or an Ed25519 public key ({@code whpk_<base64 of its 32 bytes>}, for
     * {@code v1a,} signatures). Exactly one member is set.
     */
    private record StandardKey(byte[] hmac, PublicKey ed25519) {

        static StandardKey of(String secret) {
            if (secret != null && secret.startsWith(WHSK)) {
                throw new IllegalArgumentException(
                        "a whsk_ key is the sender's private key: configure its whpk_ public key");
            }
            if (secret == null || !secret.startsWith(WHPK)) {
                return new StandardKey(key(SigningScheme.STANDARD, secret), null);
            }
            byte[] raw = base64(secret.substring(WHPK.length()));
            if (raw == null || raw.length != ED25519_KEY_LENGTH) {
                throw new IllegalArgumentException(
                        "a standard public key is whpk_ followed by the base64 of a 32-byte Ed25519 public key");
            }
            byte[] der = new byte[ED25519_X509_PREFIX.length + raw.length];
            System.arraycopy(ED25519_X509_PREFIX, 0, der, 0, ED25519_X509_PREFIX.length);
            System.arraycopy(raw, 0, der, ED25519_X509_PREFIX.length, raw.length);
            try {
                return new StandardKey(null, KeyFactory.getInstance(ED25519).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not an Ed25519 public key"); // no cause: it would quote the key
            }
        }

        /** True when {@code signature} is this public key's Ed25519 signature of {@code prefix} then {@code body}. */
        boolean signed(byte[] signature, byte[] prefix, byte[] body) {
            if (ed25519 == null) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance(ED25519);
                verifier.initVerify(ed25519);
                verifier.update(prefix);
                verifier.update(body);
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /**
     * {@code webhook-signature: v1,<base64> v1a,<base64>...} over {@code {id}.{timestamp}.{body}}:
     * {@code v1} an HMAC-SHA256 with a secret key, {@code v1a} an Ed25519 signature checked
     * with a {@code whpk_} public key. Each signature is checked against the keys of its kind.
     */
    private static Verdict standard(StandardKey key, StandardKey previousKey, Function<String, String> header,
            byte[] body, Instant now) {
        String id = header.apply("webhook-id");
        String timestamp = header.apply("webhook-timestamp");
        String signatures = header.apply("webhook-signature");
        if (isEmpty(id) || isEmpty(timestamp) || isEmpty(signatures)) {
            return Verdict.rejected(Verdict.MISSING);
        }
        long seconds = unixSeconds(timestamp);
        if (seconds < 0) {
            return Verdict.rejected(Verdict.MALFORMED);
        }
        byte[] signed = (id + '.' + timestamp + '.').getBytes(UTF_8);
        byte[] hmacKey = key.hmac();
        byte[] previousHmacKey = previousKey == null ? null : previousKey.hmac();
        Expected expected = null;
        boolean wellFormed = false;
        int start = 0;
        while (start <= signatures.length()) {
            int end = signatures.indexOf(' ', start);
            if (end < 0) {
                end = signatures.length();
            }
            boolean matches = false;
            if (signatures.startsWith(STANDARD_V1, start)) {
                byte[] candidate = base64(signatures.substring(start + STANDARD_V1.length(), end));
                if (candidate != null) {
                    wellFormed = true;
                    if (hmacKey != null || previousHmacKey != null) {
                        if (expected == null) {
                            expected = Expected.of(hmacKey, previousHmacKey, signed, body);
                        }
                        matches = expected.matches(candidate);
                    }
                }
            } else if (signatures.startsWith(STANDARD_V1A, start)) {
                byte[] candidate = base64(signatures.substring(start + STANDARD_V1A.length(), end));
                if (candidate != null && candidate.length == ED25519_SIGNATURE_LENGTH) {
                    wellFormed = true;
                    matches = key.signed(candidate, signed, body)
                            || previousKey != null && previousKey.signed(candidate, signed, body);
                }
            }
            if (matches) {
                return withinTolerance(seconds, now) ? Verdict.ok() : Verdict.rejected(Verdict.STALE);
            }
            start = end + 1;
        }
        return Verdict.rejected(wellFormed ? Verdict.INVALID : Verdict.MALFORMED);
    }

    /** {@code X-Hub-Signature-256: sha256=<hex>} over the body; no timestamp. */
    private static Verdict github(byte[] key, byte[] previousKey, Function<String, String> header, byte[] body) {
        String value = header.apply("x-hub-signature-256");
        if (isEmpty(value)) {
            return Verdict.rejected(Verdict.MISSING);
        }
        byte[] candidate = value.startsWith(GITHUB_PREFIX) ? hex(value, GITHUB_PREFIX.length(), value.length()) : null;
        if (candidate == null) {
            return Verdict.rejected(Verdict.MALFORMED);
        }
        return Expected.of(key, previousKey, NOTHING, body).matches(candidate)
                ? Verdict.ok()
                : Verdict.rejected(Verdict.INVALID);
    }

    /** {@code Stripe-Signature: t=<ts>,v1=<hex>,v1=<hex>,v0=...} over {@code {t}.{body}}; v1 only. */
    private static Verdict stripe(byte[] key, byte[] previousKey, Function<String, String> header, byte[] body,
            Instant now) {
        String value = header.apply("stripe-signature");
        if (isEmpty(value)) {
            return Verdict.rejected(Verdict.MISSING);
        }
        String[] items = value.split(",", -1);
        String timestamp = null;
        for (String item : items) {
            String t = valueOf(item, "t");
            if (t != null) {
                if (timestamp != null) {
                    return Verdict.rejected(Verdict.MALFORMED); // which one was signed?
                }
                timestamp = t;
            }
        }
        long seconds = timestamp == null ? -1 : unixSeconds(timestamp);
        if (seconds < 0) {
            return Verdict.rejected(Verdict.MALFORMED);
        }
        Expected expected = null;
        for (String item : items) {
            String v1 = valueOf(item, "v1");
            byte[] candidate = v1 == null ? null : hex(v1, 0, v1.length());
            if (candidate != null) {
                if (expected == null) {
                    expected = Expected.of(key, previousKey, (timestamp + '.').getBytes(US_ASCII), body);
                }
                if (expected.matches(candidate)) {
                    return withinTolerance(seconds, now) ? Verdict.ok() : Verdict.rejected(Verdict.STALE);
                }
            }
        }
        return Verdict.rejected(expected == null ? Verdict.MALFORMED : Verdict.INVALID);
    }

    /* ---- helpers ---- */

    /** The HMAC key of a secret; throws without quoting the secret (nor a cause that could). */
    private static byte[] key(SigningScheme scheme, String secret) {
        Objects.requireNonNull(scheme, "scheme");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException(scheme.id() + " signing secret must not be empty");
        }
        if (scheme != SigningScheme.STANDARD) {
            return secret.getBytes(UTF_8);
        }
        byte[] key = base64(secret.startsWith(WHSEC) ? secret.substring(WHSEC.length()) : secret);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException(
                    "standard signing secret must be base64 (standard alphabet), optionally prefixed with whsec_");
        }
        return key;
    }

    /** The expected MACs under the secret and the previous secret (null when there is none). */
    private record Expected(byte[] current, byte[] previous) {

        static Expected of(byte[] key, byte[] previousKey, byte[] prefix, byte[] body) {
            Mac mac;
            try {
                mac = Mac.getInstance(HMAC_SHA256);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
            byte[] current = key == null ? null : hmac(mac, key, prefix, body);
            return new Expected(current, previousKey == null ? null : hmac(mac, previousKey, prefix, body));
        }

        private static byte[] hmac(Mac mac, byte[] key, byte[] prefix, byte[] body) {
            try {
                mac.init(new SecretKeySpec(key, HMAC_SHA256));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot initialise HmacSHA256"); // no cause: it may describe the key
            }
            mac.update(prefix);
            mac.update(body);
            return mac.doFinal();
        }

        /** Constant-time against both expected values (no short circuit on the first). */
        boolean matches(byte[] candidate) {
            boolean current = this.current != null && MessageDigest.isEqual(this.current, candidate);
            boolean previous = this.previous != null && MessageDigest.isEqual(this.previous, candidate);
            return current | previous;
        }
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    /** {@code name=value} (spaces around the item allowed) gives value; anything else null. */
    private static String valueOf(String item, String name) {
        String trimmed = item.strip();
        return trimmed.length() > name.length() && trimmed.startsWith(name) && trimmed.charAt(name.length()) == '='
                ? trimmed.substring(name.length() + 1)
                : null;
    }

    /** Unix seconds written as 1 to 18 ASCII digits, or -1. */
    private static long unixSeconds(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long seconds = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seconds = seconds * 10 + (c - '0');
        }
        return seconds;
    }

    private static boolean withinTolerance(long seconds, Instant now) {
        long difference = now.getEpochSecond() - seconds;
        return difference <= TOLERANCE_SECONDS && difference >= -TOLERANCE_SECONDS;
    }

    /** Strict base64 (standard alphabet, padding optional), or null. */
    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Exactly 32 bytes of hex (either case) in value[from, to), or null. */
    private static byte[] hex(String value, int from, int to) {
        if (to - from != 2 * MAC_LENGTH) {
            return null;
        }
        byte[] bytes = new byte[MAC_LENGTH];
        for (int i = 0; i < MAC_LENGTH; i++) {
            int high = hexDigit(value.charAt(from + 2 * i));
            int low = hexDigit(value.charAt(from + 2 * i + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    /** ASCII only: {@link Character#digit} would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
