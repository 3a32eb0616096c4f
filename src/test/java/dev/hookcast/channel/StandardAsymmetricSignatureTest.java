package dev.hookcast.channel;

import static dev.hookcast.channel.SigningTestSupport.base64;
import static dev.hookcast.channel.SigningTestSupport.concat;
import static dev.hookcast.channel.SigningTestSupport.headers;
import static dev.hookcast.channel.SigningTestSupport.standardKey;
import static dev.hookcast.channel.SigningTestSupport.standardSignature;
import static dev.hookcast.channel.SigningTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Standard Webhooks' asymmetric signatures: {@code v1a,} Ed25519, checked with a {@code whpk_} public key. */
class StandardAsymmetricSignatureTest {

    // The specification's reference vector (standard-webhooks, libraries' asymmetric sign test): the
    // private key seed, the message and the expected signature; the public key is derived from the seed.
    private static final String REF_PRIVATE_SEED = "VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
    private static final String REF_PUBLIC = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
    private static final String REF_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long REF_TS = 1614265330;
    private static final byte[] REF_BODY = utf8("{\"test\": 2432232314}");
    private static final String REF_SIGNATURE =
            "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

    private static final String HMAC_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final long NOW_SECONDS = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(NOW_SECONDS);
    private static final byte[] BODY = utf8("{\"type\":\"invoice.paid\",\"amount\":4200}");

    private static Verdict verify(String key, String previous, String id, long timestamp, String signature,
            byte[] body, Instant now) {
        return SignatureVerifier.verify(SigningScheme.STANDARD, key, previous, headers("webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature), body, now);
    }

    /** Independent signing: the JDK's Ed25519 over {@code id.timestamp.body}. */
    private static String sign(PrivateKey key, String id, long timestamp, byte[] body) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(concat(utf8(id + "." + timestamp + "."), body));
            return "v1a," + base64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static PrivateKey fromSeed(String seed) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Base64.getDecoder().decode(seed)));
    }

    /** {@code whpk_} and the raw 32 bytes: the last 32 of the X.509 encoding. */
    private static String whpk(KeyPair pair) {
        byte[] der = pair.getPublic().getEncoded();
        return "whpk_" + base64(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    private static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void referenceVectorPasses() throws Exception {
        Instant then = Instant.ofEpochSecond(REF_TS);
        // the independent signer reproduces the published signature from the published seed
        assertEquals(REF_SIGNATURE, sign(fromSeed(REF_PRIVATE_SEED), REF_ID, REF_TS, REF_BODY));
        assertEquals(Verdict.ok(), verify(REF_PUBLIC, null, REF_ID, REF_TS, REF_SIGNATURE, REF_BODY, then));
        byte[] changed = REF_BODY.clone();
        changed[3] ^= 1;
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(REF_PUBLIC, null, REF_ID, REF_TS, REF_SIGNATURE,
                changed, then));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(REF_PUBLIC, null, REF_ID + "x", REF_TS, REF_SIGNATURE,
                REF_BODY, then));
        assertEquals(Verdict.rejected(Verdict.STALE), verify(REF_PUBLIC, null, REF_ID, REF_TS, REF_SIGNATURE,
                REF_BODY, then.plusSeconds(301)));
    }

    @Test
    void signaturesOfTheOtherKindOrKeyDoNotPass() throws Exception {
        KeyPair pair = generate();
        KeyPair other = generate();
        String good = sign(pair.getPrivate(), ID, NOW_SECONDS, BODY);
        assertEquals(Verdict.ok(), verify(whpk(pair), null, ID, NOW_SECONDS, good, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify(whpk(other), null, ID, NOW_SECONDS, good, BODY, NOW), "another key");
        // a v1 HMAC is not checked with a public key, and a v1a signature not with an HMAC secret
        String hmac = standardSignature(standardKey(HMAC_SECRET), ID, NOW_SECONDS, BODY);
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(whpk(pair), null, ID, NOW_SECONDS, hmac, BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(HMAC_SECRET, null, ID, NOW_SECONDS, good, BODY, NOW));
        // the v1a prefix with the HMAC's bytes
        assertEquals(Verdict.rejected(Verdict.MALFORMED),
                verify(whpk(pair), null, ID, NOW_SECONDS, "v1a," + hmac.substring(3), BODY, NOW));
        assertEquals(Verdict.rejected(Verdict.MALFORMED), verify(whpk(pair), null, ID, NOW_SECONDS, "v1a,", BODY, NOW));
    }

    @Test
    void v1aAndV1SideBySideAndDuringRotation() throws Exception {
        KeyPair pair = generate();
        String signature = sign(pair.getPrivate(), ID, NOW_SECONDS, BODY);
        String hmac = standardSignature(standardKey(HMAC_SECRET), ID, NOW_SECONDS, BODY);
        // several signatures, space-separated, one of each kind
        assertEquals(Verdict.ok(), verify(whpk(pair), null, ID, NOW_SECONDS, hmac + " " + signature, BODY, NOW));
        assertEquals(Verdict.ok(), verify(HMAC_SECRET, null, ID, NOW_SECONDS, signature + " " + hmac, BODY, NOW));
        // moving from a shared secret to a key pair: either passes while the previous one is kept
        assertEquals(Verdict.ok(), verify(whpk(pair), HMAC_SECRET, ID, NOW_SECONDS, hmac, BODY, NOW));
        assertEquals(Verdict.ok(), verify(HMAC_SECRET, whpk(pair), ID, NOW_SECONDS, signature, BODY, NOW));
    }

    @Test
    void configuredKeysAreChecked() throws Exception {
        SignatureVerifier.checkSecret(SigningScheme.STANDARD, REF_PUBLIC);
        for (String bad : new String[] {"whpk_", "whpk_AAAA", "whpk_not*base64", "whpk_" + base64(new byte[33])}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SignatureVerifier.checkSecret(SigningScheme.STANDARD, bad), bad);
            assertFalse(e.getMessage().contains("not*base64"), e.getMessage());
            assertEquals(null, e.getCause());
        }
        IllegalArgumentException secretKey = assertThrows(IllegalArgumentException.class,
                () -> SignatureVerifier.checkSecret(SigningScheme.STANDARD, "whsk_" + REF_PRIVATE_SEED));
        assertFalse(secretKey.getMessage().contains(REF_PRIVATE_SEED));
    }
}
