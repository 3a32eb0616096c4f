package dev.hookcast.channel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Scheme names, secret checks at configuration time, verdicts and the header lookup helper. */
class SigningSchemeTest {

    @Test
    void parsesTheLowerCaseNames() {
        assertSame(SigningScheme.STANDARD, SigningScheme.parse("standard"));
        assertSame(SigningScheme.GITHUB, SigningScheme.parse("github"));
        assertSame(SigningScheme.STRIPE, SigningScheme.parse("stripe"));
        for (SigningScheme scheme : SigningScheme.values()) {
            assertSame(scheme, SigningScheme.parse(scheme.id()));
        }
    }

    @Test
    void refusesOtherNamesClearly() {
        for (String name : new String[] {null, "", "Standard", "GITHUB", " github", "stripe ", "svix", "hmac",
                "STANDARD"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningScheme.parse(name),
                    String.valueOf(name));
            assertTrue(e.getMessage().contains("standard, github, stripe"), e.getMessage());
        }
    }

    @Test
    void standardSecretsAreBase64WithOptionalPrefix() {
        for (String secret : new String[] {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", "whsec_AQ==", "whsec_AQ", "AA"}) {
            assertDoesNotThrow(() -> SignatureVerifier.checkSecret(SigningScheme.STANDARD, secret), secret);
        }
    }

    @Test
    void badStandardSecretsAreRefusedWithoutBeingEchoed() {
        for (String secret : new String[] {"whsec_", "whsec_not*base64*secret", "whsec_C2FVsBQI-_scChlQ",
                "whsec_ C2FVsBQI", "whsec_A", "secret\u00e9", "whsec_AQ==AQ=="}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SignatureVerifier.checkSecret(SigningScheme.STANDARD, secret), secret);
            String key = secret.replace("whsec_", "");
            assertFalse(key.length() >= 4 && e.getMessage().contains(key), e.getMessage());
            assertTrue(e.getMessage().contains("base64"), e.getMessage());
            assertNull(e.getCause());
        }
    }

    @Test
    void emptySecretsAreRefusedForEveryScheme() {
        for (SigningScheme scheme : SigningScheme.values()) {
            assertThrows(IllegalArgumentException.class, () -> SignatureVerifier.checkSecret(scheme, null));
            assertThrows(IllegalArgumentException.class, () -> SignatureVerifier.checkSecret(scheme, ""));
        }
    }

    @Test
    void githubAndStripeTakeAnyNonEmptySecret() {
        for (String secret : new String[] {"x", "It's a Secret to Everybody", "whsec_not*base64", "s\u00e9cr\u00e8t"}) {
            assertDoesNotThrow(() -> SignatureVerifier.checkSecret(SigningScheme.GITHUB, secret));
            assertDoesNotThrow(() -> SignatureVerifier.checkSecret(SigningScheme.STRIPE, secret));
        }
    }

    @Test
    void verifyRefusesABadPreviousSecretToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignatureVerifier.verify(SigningScheme.STANDARD, "whsec_AQ==", "whsec_bad*secret",
                        name -> null, new byte[0], Instant.EPOCH));
        assertFalse(e.getMessage().contains("bad*secret"));
    }

    @Test
    void verdicts() {
        assertTrue(Verdict.ok().valid());
        assertNull(Verdict.ok().reason());
        Verdict rejected = Verdict.rejected(Verdict.INVALID);
        assertFalse(rejected.valid());
        assertEquals("invalid signature", rejected.reason());
        assertThrows(IllegalArgumentException.class, () -> Verdict.rejected(null));
        assertThrows(IllegalArgumentException.class, () -> Verdict.rejected(" "));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(true, "because"));
    }

    @Test
    void firstValuesIsCaseInsensitiveAndTakesTheFirstValue() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("Webhook-Id", List.of("first", "second"));
        map.put("X-Empty", new ArrayList<>());
        map.put(null, List.of("status line"));
        Function<String, String> header = SignatureVerifier.firstValues(map);
        assertEquals("first", header.apply("webhook-id"));
        assertEquals("first", header.apply("WEBHOOK-ID"));
        assertNull(header.apply("x-empty"));
        assertNull(header.apply("stripe-signature"));
    }

    @Test
    void nullArgumentsAreProgrammingErrors() {
        Function<String, String> none = name -> null;
        assertThrows(NullPointerException.class,
                () -> SignatureVerifier.verify(null, "s", null, none, new byte[0], Instant.EPOCH));
        assertThrows(NullPointerException.class,
                () -> SignatureVerifier.verify(SigningScheme.GITHUB, "s", null, null, new byte[0], Instant.EPOCH));
        assertThrows(NullPointerException.class,
                () -> SignatureVerifier.verify(SigningScheme.GITHUB, "s", null, none, null, Instant.EPOCH));
        assertThrows(NullPointerException.class,
                () -> SignatureVerifier.verify(SigningScheme.GITHUB, "s", null, none, new byte[0], null));
    }
}
