package dev.hookcast.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Independent signing for the tests: plain javax.crypto, nothing shared with the code under test. */
public final class SigningTestSupport {

    private SigningTestSupport() {
    }

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Key bytes of a Standard Webhooks secret: base64 after an optional whsec_. */
    static byte[] standardKey(String secret) {
        return Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    }

    /** {@code v1,<base64>} over {@code id.timestamp.body}, keyed with raw key bytes. */
    static String standardSignature(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + base64(hmacSha256(key, concat(utf8(id + "." + timestamp + "."), body)));
    }

    /** Hex HMAC over {@code t.body}, keyed with raw key bytes. */
    static String stripeV1(byte[] key, long timestamp, byte[] body) {
        return hex(hmacSha256(key, concat(utf8(timestamp + "."), body)));
    }

    /** {@code sha256=<hex>} over the body. */
    static String githubSignature(byte[] key, byte[] body) {
        return "sha256=" + hex(hmacSha256(key, body));
    }

    /** A case-insensitive header lookup from name, value pairs (null values leave the header out). */
    static Function<String, String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.putIfAbsent(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map::get;
    }
}
