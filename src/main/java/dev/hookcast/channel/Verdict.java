package dev.hookcast.channel;

/**
 * The outcome of a signature check. A rejection's reason is one of the constants below: safe to
 * audit and to answer with, it never carries an expected signature or a secret.
 */
public record Verdict(boolean valid, String reason) {

    /** A required signature header is absent or empty. */
    public static final String MISSING = "missing signature";
    /** A signature header is present but cannot be parsed (bad prefix, encoding, timestamp...). */
    public static final String MALFORMED = "malformed signature header";
    /** The signed timestamp is more than {@link SignatureVerifier#TOLERANCE} away from now. */
    public static final String STALE = "timestamp outside tolerance";
    /** Well-formed, but no signature matches the secret (nor the previous secret). */
    public static final String INVALID = "invalid signature";

    private static final Verdict OK = new Verdict(true, null);

    public Verdict {
        if (valid ? reason != null : reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a valid verdict has no reason, a rejection has one");
        }
    }

    public static Verdict ok() {
        return OK;
    }

    public static Verdict rejected(String reason) {
        return new Verdict(false, reason);
    }
}
