package dev.hookcast.channel;

import static dev.hookcast.channel.SigningTestSupport.headers;
import static dev.hookcast.channel.SigningTestSupport.standardKey;
import static dev.hookcast.channel.SigningTestSupport.standardSignature;
import static dev.hookcast.channel.SigningTestSupport.stripeV1;
import static dev.hookcast.channel.SigningTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StripeSignatureTest {

    // Fixed vector, computed once outside Java:
    // printf '%s' '1700000000.{"id":"evt_1","object":"event"}' \
    //   | openssl dgst -sha256 -hmac 'whsec_test_secret_3f9a1c7e5b2d4a6c8e0f'
    private static final String VECTOR_SECRET = "whsec_test_secret_3f9a1c7e5b2d4a6c8e0f";
    private static final byte[] VECTOR_BODY = utf8("{\"id\":\"evt_1\",\"object\":\"event\"}");
    private static final String VECTOR_HEADER =
            "t=1700000000,v1=217cd26ffba6bd204ebde43ffa5bc5aaf37a107088d1e264819f33a8603f80ae";

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD_SECRET = "whsec_0ldSecretBeingRotatedOut00000000";
    private static final long NOW_SECONDS = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(NOW_SECONDS, 999_000_000);
    private static final byte[] BODY = utf8("{\"id\":\"evt_3\",\"type\":\"charge.succeeded\"}");

    private static Verdict verify(String secret, String previous, String header, byte[] body) {
        return SignatureVerifier.verify(SigningScheme.STRIPE, secret, previous, headers("Stripe-Signature", header),
                body, NOW);
    }

    private static Verdict verify(String header) {
        return verify(SECRET, null, header, BODY);
    }

    private static String v1(String secret, long timestamp) {
        return stripeV1(utf8(secret), timestamp, BODY);
    }

    @Test
    void fixedVectorPasses() {
        assertEquals(Verdict.ok(), verify(VECTOR_SECRET, null, VECTOR_HEADER, VECTOR_BODY));
        assertEquals(VECTOR_HEADER.substring(16), stripeV1(utf8(VECTOR_SECRET), NOW_SECONDS, VECTOR_BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(VECTOR_SECRET, null, VECTOR_HEADER, utf8("{}")));
    }

    @Test
    void validSignaturePasses() {
        assertEquals(Verdict.ok(), verify("t=" + NOW_SECONDS + ",v1=" + v1(SECRET, NOW_SECONDS)));
        // the order of the items does not matter
        assertEquals(Verdict.ok(), verify("v1=" + v1(SECRET, NOW_SECONDS) + ",t=" + NOW_SECONDS));
        // spaces around items are tolerated
        assertEquals(Verdict.ok(), verify("t=" + NOW_SECONDS + ", v1=" + v1(SECRET, NOW_SECONDS)));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        String header = "t=" + NOW_SECONDS + ",v1=" + v1(SECRET, NOW_SECONDS);
        for (String name : new String[] {"stripe-signature", "STRIPE-SIGNATURE", "Stripe-Signature"}) {
            assertEquals(Verdict.ok(), SignatureVerifier.verify(SigningScheme.STRIPE, SECRET, null,
                    SignatureVerifier.firstValues(Map.of(name, List.of(header))), BODY, NOW), name);
        }
    }

    @Test
    void severalV1EntriesAndOtherSchemesAreHandled() {
        String good = v1(SECRET, NOW_SECONDS);
        String other = v1(OLD_SECRET, NOW_SECONDS);
        // Stripe's real shape: several v1 (during its own secret roll) and a v0 that must be ignored
        assertEquals(Verdict.ok(), verify("t=" + NOW_SECONDS + ",v1=" + other + ",v1=" + good + ",v0=" + other));
        assertEquals(Verdict.ok(), verify("t=" + NOW_SECONDS + ",v1=" + good + ",v1=" + other));
        assertEquals(Verdict.ok(), verify("t=" + NOW_SECONDS + ",v1=nothex,v0=" + good + ",v1=" + good));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify("t=" + NOW_SECONDS + ",v1=" + other + ",v1=" + other));
        // a good HMAC under another scheme name is not accepted
        assertFalse(verify("t=" + NOW_SECONDS + ",v0=" + good).valid());
        assertFalse(verify("t=" + NOW_SECONDS + ",v2=" + good).valid());
        assertFalse(verify("t=" + NOW_SECONDS + ",V1=" + good).valid());
    }

    @Test
    void wrongSignatureIsRejected() {
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify("t=" + NOW_SECONDS + ",v1=" + v1(OLD_SECRET, NOW_SECONDS)));
        // the signature binds the timestamp
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify("t=" + (NOW_SECONDS - 1) + ",v1=" + v1(SECRET, NOW_SECONDS)));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify("t=" + NOW_SECONDS + ",v1=" + "f".repeat(64)));
        // and the body
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify(SECRET, null, "t=" + NOW_SECONDS + ",v1=" + v1(SECRET, NOW_SECONDS), utf8("{}")));
    }

    @Test
    void missingHeaderIsRejected() {
        assertEquals(Verdict.rejected(Verdict.MISSING), verify(null));
        assertEquals(Verdict.rejected(Verdict.MISSING), verify(""));
    }

    @Test
    void timestampToleranceIsFiveMinutesEitherWay() {
        for (long ts : new long[] {NOW_SECONDS - 300, NOW_SECONDS + 300}) {
            assertEquals(Verdict.ok(), verify("t=" + ts + ",v1=" + v1(SECRET, ts)), "ts " + ts);
        }
    }

    @Test
    void staleTimestampIsRejected() {
        long tooOld = NOW_SECONDS - 301;
        long tooNew = NOW_SECONDS + 301;
        assertEquals(Verdict.rejected(Verdict.STALE), verify("t=" + tooOld + ",v1=" + v1(SECRET, tooOld)));
        assertEquals(Verdict.rejected(Verdict.STALE), verify("t=" + tooNew + ",v1=" + v1(SECRET, tooNew)));
        assertEquals(Verdict.rejected(Verdict.STALE), verify("t=" + (NOW_SECONDS - 86_400) + ",v1="
                + v1(SECRET, NOW_SECONDS - 86_400)));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify("t=" + tooOld + ",v1=" + v1(OLD_SECRET, tooOld)));
    }

    @Test
    void previousSecretIsAcceptedDuringRotation() {
        String header = "t=" + NOW_SECONDS + ",v1=" + v1(OLD_SECRET, NOW_SECONDS);
        assertEquals(Verdict.ok(), verify(SECRET, OLD_SECRET, header, BODY));
        assertEquals(Verdict.ok(),
                verify(SECRET, OLD_SECRET, "t=" + NOW_SECONDS + ",v1=" + v1(SECRET, NOW_SECONDS), BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, null, header, BODY));
        long old = NOW_SECONDS - 301;
        assertEquals(Verdict.rejected(Verdict.STALE),
                verify(SECRET, OLD_SECRET, "t=" + old + ",v1=" + v1(OLD_SECRET, old), BODY));
    }

    @Test
    void keyIsTheWholeSecretStringUnlikeStandard() {
        // SECRET is whsec_ + valid base64, so both derivations are possible; each scheme must pick its own
        String wholeStringKey = stripeV1(utf8(SECRET), NOW_SECONDS, BODY);
        String decodedKey = stripeV1(standardKey(SECRET), NOW_SECONDS, BODY);
        String afterPrefixKey = stripeV1(utf8(SECRET.substring(6)), NOW_SECONDS, BODY);
        assertEquals(Verdict.ok(), verify("t=" + NOW_SECONDS + ",v1=" + wholeStringKey));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify("t=" + NOW_SECONDS + ",v1=" + decodedKey));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify("t=" + NOW_SECONDS + ",v1=" + afterPrefixKey));

        // the same secret under standard: the decoded key passes, the whole string does not
        Verdict standardDecoded = SignatureVerifier.verify(SigningScheme.STANDARD, SECRET, null,
                headers("webhook-id", "msg_1", "webhook-timestamp", Long.toString(NOW_SECONDS),
                        "webhook-signature", standardSignature(standardKey(SECRET), "msg_1", NOW_SECONDS, BODY)),
                BODY, NOW);
        Verdict standardWhole = SignatureVerifier.verify(SigningScheme.STANDARD, SECRET, null,
                headers("webhook-id", "msg_1", "webhook-timestamp", Long.toString(NOW_SECONDS),
                        "webhook-signature", standardSignature(utf8(SECRET), "msg_1", NOW_SECONDS, BODY)),
                BODY, NOW);
        assertEquals(Verdict.ok(), standardDecoded);
        assertEquals(Verdict.rejected(Verdict.INVALID), standardWhole);
    }

    @Test
    void aSecretThatIsNotBase64IsFineForStripe() {
        String secret = "whsec_not*base64*at_all!";
        assertEquals(Verdict.ok(), verify(secret, null, "t=" + NOW_SECONDS + ",v1=" + v1(secret, NOW_SECONDS), BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", " ", ",", ",,,", "=", "=,=", "t", "t=", "t=,v1=", "v1=GOOD", "t=NOW",
        "t=NOW,v1=", "t=NOW,v1", "t=NOW,v1=zz", "t=NOW,v1=GOOD0", "t=NOW,v1=GOO", "t=NOW;v1=GOOD",
        "t=NOW v1=GOOD", "t=abc,v1=GOOD", "t=-NOW,v1=GOOD", "t=+NOW,v1=GOOD", "t=NOW.0,v1=GOOD",
        "t=NOW,t=NOW,v1=GOOD", "t=NOW,t=1,v1=GOOD", "T=NOW,v1=GOOD", "t = NOW,v1=GOOD", "t=NOW,v1 = GOOD",
        "t=NOW,v1=sha256=GOOD", "sha256=GOOD", "v1,GOOD", "t=NOW,v1=\u0000", "t=99999999999999999999,v1=GOOD"})
    void malformedHeaderIsRejectedWithoutThrowing(String pattern) {
        String header = pattern.replace("GOOD", v1(SECRET, NOW_SECONDS)).replace("NOW", Long.toString(NOW_SECONDS));
        Verdict verdict = verify(header);
        assertFalse(verdict.valid(), pattern);
        assertNotNull(verdict.reason());
    }
}
