package dev.hookcast.channel;

import static dev.hookcast.channel.SigningTestSupport.headers;
import static dev.hookcast.channel.SigningTestSupport.standardKey;
import static dev.hookcast.channel.SigningTestSupport.standardSignature;
import static dev.hookcast.channel.SigningTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardSignatureTest {

    // Standard Webhooks' reference vector
    private static final String REF_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String REF_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long REF_TS = 1614265330;
    private static final byte[] REF_BODY = utf8("{\"test\": 2432232314}");
    private static final String REF_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final String OLD_SECRET = "whsec_8nbURCAFz5qBoQDtVnxomZxwOEvlY3Xq";
    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final long NOW_SECONDS = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(NOW_SECONDS, 500_000_000);
    private static final byte[] BODY = utf8("{\"type\":\"invoice.paid\",\"amount\":4200}");

    private static Verdict verify(String secret, String previous, String id, String timestamp, String signature,
            byte[] body, Instant now) {
        return SignatureVerifier.verify(SigningScheme.STANDARD, secret, previous,
                headers("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature), body, now);
    }

    private static Verdict verify(String signature, long timestamp) {
        return verify(SECRET, null, ID, Long.toString(timestamp), signature, BODY, NOW);
    }

    private static String sign(String secret, long timestamp) {
        return standardSignature(standardKey(secret), ID, timestamp, BODY);
    }

    @Test
    void referenceVectorPasses() {
        Instant then = Instant.ofEpochSecond(REF_TS);
        assertEquals(Verdict.ok(), verify(REF_SECRET, null, REF_ID, "1614265330", REF_SIGNATURE, REF_BODY, then));
        // the independent helper agrees with the published vector
        assertEquals(REF_SIGNATURE, standardSignature(standardKey(REF_SECRET), REF_ID, REF_TS, REF_BODY));
        // a secret without the prefix is the same base64 key
        assertEquals(Verdict.ok(), verify(REF_SECRET.substring(6), null, REF_ID, "1614265330", REF_SIGNATURE,
                REF_BODY, then));
        // one byte of the body changed
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(REF_SECRET, null, REF_ID, "1614265330",
                REF_SIGNATURE, utf8("{\"test\": 2432232315}"), then));
    }

    @Test
    void validSignaturePasses() {
        assertEquals(Verdict.ok(), verify(sign(SECRET, NOW_SECONDS), NOW_SECONDS));
    }

    @Test
    void emptyBodyCanBeSigned() {
        String signature = standardSignature(standardKey(SECRET), ID, NOW_SECONDS, new byte[0]);
        assertEquals(Verdict.ok(), verify(SECRET, null, ID, Long.toString(NOW_SECONDS), signature, new byte[0], NOW));
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Function<String, String> mixedCase = SignatureVerifier.firstValues(Map.of(
                "Webhook-Id", List.of(ID),
                "WEBHOOK-TIMESTAMP", List.of(Long.toString(NOW_SECONDS)),
                "Webhook-Signature", List.of(sign(SECRET, NOW_SECONDS))));
        assertEquals(Verdict.ok(),
                SignatureVerifier.verify(SigningScheme.STANDARD, SECRET, null, mixedCase, BODY, NOW));
    }

    @Test
    void wrongSignatureIsRejected() {
        Verdict verdict = verify(sign(OLD_SECRET, NOW_SECONDS), NOW_SECONDS);
        assertEquals(Verdict.rejected(Verdict.INVALID), verdict);
        // signed content binds id, timestamp and body
        String good = sign(SECRET, NOW_SECONDS);
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify(SECRET, null, "msg_other", Long.toString(NOW_SECONDS), good, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(good, NOW_SECONDS + 1));
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify(SECRET, null, ID, Long.toString(NOW_SECONDS), good, utf8("{}"), NOW));
        // the signature is compared, not just its prefix
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(good.substring(0, good.length() - 4), NOW_SECONDS));
    }

    @Test
    void reasonNeverEchoesTheExpectedSignature() {
        String expected = sign(SECRET, NOW_SECONDS);
        Verdict verdict = verify("v1,AAAA", NOW_SECONDS);
        assertFalse(verdict.valid());
        assertFalse(verdict.reason().contains(expected.substring(3)));
        assertFalse(verdict.toString().contains(expected.substring(3)));
        assertFalse(verdict.toString().contains(SECRET.substring(6)));
    }

    @Test
    void missingHeadersAreRejected() {
        String ts = Long.toString(NOW_SECONDS);
        String sig = sign(SECRET, NOW_SECONDS);
        Verdict missing = Verdict.rejected(Verdict.MISSING);
        assertEquals(missing, verify(SECRET, null, ID, ts, null, BODY, NOW));
        assertEquals(missing, verify(SECRET, null, null, ts, sig, BODY, NOW));
        assertEquals(missing, verify(SECRET, null, ID, null, sig, BODY, NOW));
        assertEquals(missing, verify(SECRET, null, null, null, null, BODY, NOW));
        assertEquals(missing, verify(SECRET, null, ID, ts, "", BODY, NOW));
        assertEquals(missing, verify(SECRET, null, "", ts, sig, BODY, NOW));
        assertEquals(missing, verify(SECRET, null, ID, "", sig, BODY, NOW));
    }

    @Test
    void timestampToleranceIsFiveMinutesEitherWay() {
        for (long ts : new long[] {NOW_SECONDS - 300, NOW_SECONDS + 300, NOW_SECONDS - 1, NOW_SECONDS + 1}) {
            assertEquals(Verdict.ok(), verify(sign(SECRET, ts), ts), "ts " + ts);
        }
    }

    @Test
    void staleTimestampIsRejected() {
        long tooOld = NOW_SECONDS - 301;
        long tooNew = NOW_SECONDS + 301;
        assertEquals(Verdict.rejected(Verdict.STALE), verify(sign(SECRET, tooOld), tooOld));
        assertEquals(Verdict.rejected(Verdict.STALE), verify(sign(SECRET, tooNew), tooNew));
        assertEquals(Verdict.rejected(Verdict.STALE), verify(sign(SECRET, 0), 0));
        // a forged signature with a stale timestamp is simply invalid
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(sign(OLD_SECRET, tooOld), tooOld));
    }

    @Test
    void previousSecretIsAcceptedDuringRotation() {
        String ts = Long.toString(NOW_SECONDS);
        String byOld = sign(OLD_SECRET, NOW_SECONDS);
        String byNew = sign(SECRET, NOW_SECONDS);
        assertEquals(Verdict.ok(), verify(SECRET, OLD_SECRET, ID, ts, byOld, BODY, NOW));
        assertEquals(Verdict.ok(), verify(SECRET, OLD_SECRET, ID, ts, byNew, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, null, ID, ts, byOld, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, "", ID, ts, byOld, BODY, NOW));
        // senders mid-rotation send both signatures
        assertEquals(Verdict.ok(), verify(SECRET, null, ID, ts, byOld + " " + byNew, BODY, NOW));
        // the previous secret is still held to the tolerance
        long old = NOW_SECONDS - 301;
        assertEquals(Verdict.rejected(Verdict.STALE),
                verify(SECRET, OLD_SECRET, ID, Long.toString(old), sign(OLD_SECRET, old), BODY, NOW));
    }

    @Test
    void oneMatchingSignatureAmongSeveralPasses() {
        String good = sign(SECRET, NOW_SECONDS);
        String other = sign(OLD_SECRET, NOW_SECONDS);
        assertEquals(Verdict.ok(), verify(other + " " + good, NOW_SECONDS));
        assertEquals(Verdict.ok(), verify(good + " " + other, NOW_SECONDS));
        assertEquals(Verdict.ok(), verify("v1a,c2lnbmF0dXJl v1,!!! v2," + good.substring(3) + " " + good, NOW_SECONDS));
        assertEquals(Verdict.ok(), verify("  " + other + "   " + good + " ", NOW_SECONDS));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(other + " " + other, NOW_SECONDS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", " ", "v1", "v1,", "v1,!!!!", "v1,%%%% v1,....", ",", "v2,GOOD", "V1,GOOD",
        "v1;GOOD", "v1=GOOD", "GOOD", "v1a,GOOD", "v1 ,GOOD", ",v1,GOOD", "\u0000", "v1,\u00e9\u00e9\u00e9\u00e9",
        "v1,GOOD=", "v1,GOODx", "v1, GOOD", "v1,GOOD\t"})
    void malformedSignatureHeaderIsRejectedWithoutThrowing(String pattern) {
        String good = sign(SECRET, NOW_SECONDS).substring(3);
        Verdict verdict = verify(pattern.replace("GOOD", good), NOW_SECONDS);
        assertFalse(verdict.valid(), pattern);
        assertNotNull(verdict.reason());
    }

    @Test
    void hugeHeaderIsRejectedWithoutThrowing() {
        assertFalse(verify("v1,AAAA ".repeat(10_000), NOW_SECONDS).valid());
        assertFalse(verify("x".repeat(100_000), NOW_SECONDS).valid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1700000000", "+1700000000", " 1700000000", "1700000000 ", "1700000000.5",
        "1.7e9", "0x6553f100", "1234567890123456789", "99999999999999999999999", "\u0661\u0667\u0660\u0660"})
    void malformedTimestampIsRejectedWithoutThrowing(String timestamp) {
        String signature = "v1," + SigningTestSupport.base64(SigningTestSupport.hmacSha256(standardKey(SECRET),
                SigningTestSupport.concat(utf8(ID + "." + timestamp + "."), BODY)));
        assertEquals(Verdict.rejected(Verdict.MALFORMED),
                verify(SECRET, null, ID, timestamp, signature, BODY, NOW), timestamp);
    }

    @Test
    void keyIsTheBase64DecodedSecretNotItsText() {
        // same secret, same message: only the key derivation differs
        String ts = Long.toString(NOW_SECONDS);
        String decodedKey = standardSignature(standardKey(SECRET), ID, NOW_SECONDS, BODY);
        String wholeString = standardSignature(utf8(SECRET), ID, NOW_SECONDS, BODY);
        String afterPrefix = standardSignature(utf8(SECRET.substring(6)), ID, NOW_SECONDS, BODY);
        assertEquals(Verdict.ok(), verify(SECRET, null, ID, ts, decodedKey, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, null, ID, ts, wholeString, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, null, ID, ts, afterPrefix, BODY, NOW));
    }

    @Test
    void invalidConfiguredSecretThrowsWithoutRevealingIt() {
        String bad = "whsec_not*base64*secret";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> verify(bad, null, sign(SECRET, NOW_SECONDS), NOW_SECONDS));
        assertFalse(e.getMessage().contains("not*base64"), e.getMessage());
        assertEquals(null, e.getCause());
    }

    private static Verdict verify(String secret, String previous, String signature, long timestamp) {
        return verify(secret, previous, ID, Long.toString(timestamp), signature, BODY, NOW);
    }
}
