package dev.hookcast.audit;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.hookcast.platform.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;

/**
 * One request header line as received. A hook keeps them all, in order, repeats included, the
 * values of credentials replaced by {@link #REDACTED}.
 */
public record Header(String name, String value) {

    /** What a credential's value is stored, shown and sent as: that it was present, not what it was. */
    public static final String REDACTED = "[redacted]";

    /**
     * A header whose name, in lower case, contains one of these carries a credential:
     * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie},
     * {@code X-Api-Key}, {@code X-Auth-Token}, {@code X-Gitlab-Token}, {@code X-Amz-Security-Token}...
     */
    private static final List<String> CREDENTIAL_PARTS = List.of("auth", "cookie", "token", "secret", "password",
            "passwd", "api-key", "apikey", "api_key", "session", "credential", "private-key");

    /**
     * Never redacted: the signature headers (they prove a body, they open nothing, and channels and
     * forwarders verify them) and the delivery ids that make the idempotency key.
     */
    private static final Set<String> NOT_CREDENTIALS = Set.of("webhook-signature", "webhook-timestamp",
            "webhook-id", "x-hub-signature", "x-hub-signature-256", "stripe-signature", "x-github-delivery",
            "idempotency-key");

    /** True when a header of this name (any case) carries a credential. */
    public static boolean isCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (NOT_CREDENTIALS.contains(lower)) {
            return false;
        }
        for (String part : CREDENTIAL_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The headers with every credential's value replaced by {@link #REDACTED}; the same list if none is. */
    public static List<Header> redacted(List<Header> headers) {
        List<Header> redacted = null;
        for (int i = 0; i < headers.size(); i++) {
            Header header = headers.get(i);
            if (isCredential(header.name) && !REDACTED.equals(header.value)) {
                if (redacted == null) {
                    redacted = new ArrayList<>(headers);
                }
                redacted.set(i, new Header(header.name, REDACTED));
            }
        }
        return redacted == null ? headers : redacted;
    }

    /** The stored form: a JSON array of {@code [name, value]} pairs. */
    public static String toJson(List<Header> headers) {
        StringBuilder out = new StringBuilder(64 * headers.size() + 2).append('[');
        for (Header header : headers) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('[');
            Json.quote(header.name, out);
            out.append(',');
            Json.quote(header.value, out);
            out.append(']');
        }
        return out.append(']').toString();
    }

    public static List<Header> fromJson(String json) {
        try (JsonReader reader = Json.PROVIDER.createReader(new StringReader(json))) {
            JsonArray pairs = reader.readArray();
            List<Header> headers = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                JsonArray pair = pairs.getJsonArray(i);
                headers.add(new Header(pair.getString(0), pair.getString(1)));
            }
            return headers;
        }
    }
}
