package dev.hookcast.channel;

/** How a signed channel's webhooks are signed; see docs/API.md, "Signed channels". */
public enum SigningScheme {

    /** Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}. */
    STANDARD("standard"),

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex>} over the raw body. */
    GITHUB("github"),

    /** Stripe: {@code Stripe-Signature: t=<unix ts>,v1=<hex>} over {@code "{t}.{raw body}"}. */
    STRIPE("stripe");

    private final String id;

    SigningScheme(String id) {
        this.id = id;
    }

    /** The name used in the admin API ({@code "standard"}, {@code "github"}, {@code "stripe"}). */
    public String id() {
        return id;
    }

    /**
     * Parses the admin API's name of a scheme: exactly {@code standard}, {@code github} or {@code stripe}.
     *
     * @throws IllegalArgumentException for anything else, null included
     */
    public static SigningScheme parse(String name) {
        if (name != null) {
            for (SigningScheme scheme : values()) {
                if (scheme.id.equals(name)) {
                    return scheme;
                }
            }
        }
        throw new IllegalArgumentException("signing scheme must be one of standard, github, stripe");
    }
}
