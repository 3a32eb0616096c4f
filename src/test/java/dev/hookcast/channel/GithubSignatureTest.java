package dev.hookcast.channel;

import static dev.hookcast.channel.SigningTestSupport.githubSignature;
import static dev.hookcast.channel.SigningTestSupport.headers;
import static dev.hookcast.channel.SigningTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GithubSignatureTest {

    // GitHub's published example
    private static final String VECTOR_SECRET = "It's a Secret to Everybody";
    private static final byte[] VECTOR_BODY = utf8("Hello, World!");
    private static final String VECTOR_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final String SECRET = "hookcast-github-secret";
    private static final String OLD_SECRET = "hookcast-github-secret-2023";
    private static final byte[] BODY = utf8("{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}");
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    private static Verdict verify(String secret, String previous, String signature, byte[] body) {
        return SignatureVerifier.verify(SigningScheme.GITHUB, secret, previous,
                headers("X-Hub-Signature-256", signature), body, NOW);
    }

    private static Verdict verify(String signature) {
        return verify(SECRET, null, signature, BODY);
    }

    @Test
    void githubsPublishedVectorPasses() {
        assertEquals(Verdict.ok(), verify(VECTOR_SECRET, null, VECTOR_SIGNATURE, VECTOR_BODY));
        assertEquals(VECTOR_SIGNATURE, githubSignature(utf8(VECTOR_SECRET), VECTOR_BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID),
                verify(VECTOR_SECRET, null, VECTOR_SIGNATURE, utf8("Hello, World")));
    }

    @Test
    void validSignaturePasses() {
        assertEquals(Verdict.ok(), verify(githubSignature(utf8(SECRET), BODY)));
        assertEquals(Verdict.ok(), verify(SECRET, null, githubSignature(utf8(SECRET), new byte[0]), new byte[0]));
    }

    @Test
    void upperCaseHexPasses() {
        String signature = githubSignature(utf8(SECRET), BODY);
        assertEquals(Verdict.ok(), verify("sha256=" + signature.substring(7).toUpperCase(Locale.ROOT)));
    }

    @Test
    void timeIsIrrelevant() {
        String signature = githubSignature(utf8(SECRET), BODY);
        assertEquals(Verdict.ok(), SignatureVerifier.verify(SigningScheme.GITHUB, SECRET, null,
                headers("x-hub-signature-256", signature), BODY, Instant.EPOCH));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        String signature = githubSignature(utf8(SECRET), BODY);
        for (String name : new String[] {"x-hub-signature-256", "X-HUB-SIGNATURE-256", "X-Hub-Signature-256"}) {
            assertEquals(Verdict.ok(), SignatureVerifier.verify(SigningScheme.GITHUB, SECRET, null,
                    SignatureVerifier.firstValues(Map.of(name, List.of(signature))), BODY, NOW), name);
        }
    }

    @Test
    void keyIsTheSecretsUtf8Bytes() {
        String secret = "s\u00e9cr\u00e8t \u2603";
        assertEquals(Verdict.ok(), verify(secret, null, githubSignature(utf8(secret), BODY), BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(secret, null,
                githubSignature(secret.getBytes(StandardCharsets.ISO_8859_1), BODY), BODY));
    }

    @Test
    void wrongSignatureIsRejected() {
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(githubSignature(utf8(OLD_SECRET), BODY)));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(githubSignature(utf8(SECRET), utf8("{}"))));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify("sha256=" + "0".repeat(64)));
        String good = githubSignature(utf8(SECRET), BODY);
        char last = good.charAt(good.length() - 1);
        String flipped = good.substring(0, good.length() - 1) + (last == '0' ? '1' : '0');
        Verdict verdict = verify(flipped);
        assertEquals(Verdict.rejected(Verdict.INVALID), verdict);
        assertFalse(verdict.toString().contains(good.substring(7)));
    }

    @Test
    void missingHeaderIsRejected() {
        assertEquals(Verdict.rejected(Verdict.MISSING), verify(null));
        assertEquals(Verdict.rejected(Verdict.MISSING), verify(""));
        // the legacy SHA-1 header is not accepted in its place
        String sha1Header = "sha1=" + "0".repeat(40);
        assertEquals(Verdict.rejected(Verdict.MISSING), SignatureVerifier.verify(SigningScheme.GITHUB, SECRET, null,
                headers("X-Hub-Signature", sha1Header), BODY, NOW));
    }

    @Test
    void previousSecretIsAcceptedDuringRotation() {
        String byOld = githubSignature(utf8(OLD_SECRET), BODY);
        assertEquals(Verdict.ok(), verify(SECRET, OLD_SECRET, byOld, BODY));
        assertEquals(Verdict.ok(), verify(SECRET, OLD_SECRET, githubSignature(utf8(SECRET), BODY), BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, null, byOld, BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, "", byOld, BODY));
        assertEquals(Verdict.rejected(Verdict.INVALID), verify(SECRET, "another", byOld, BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", " ", "sha256", "sha256=", "sha256=GOOD ", " sha256=GOOD", "sha1=GOOD",
        "SHA256=GOOD", "sha256:GOOD", "sha256 =GOOD", "GOOD", "sha256=GOOD0", "sha256=GOO", "sha256=sha256=GOOD",
        "sha256=" + "zz", "sha256=\u0000", "v1,GOOD", "t=1,v1=GOOD"})
    void malformedHeaderIsRejectedWithoutThrowing(String pattern) {
        String good = githubSignature(utf8(SECRET), BODY).substring(7);
        Verdict verdict = verify(pattern.replace("GOOD", good));
        assertFalse(verdict.valid(), pattern);
        assertNotNull(verdict.reason());
    }

    @Test
    void nonAsciiDigitsAreNotHex() {
        String good = githubSignature(utf8(SECRET), BODY).substring(7);
        // U+0661..U+0669 are digits to Character.digit; the hex decoder must not take them
        StringBuilder lookalike = new StringBuilder();
        for (char c : good.toCharArray()) {
            lookalike.append(c >= '1' && c <= '9' ? (char) ('\u0660' + (c - '0')) : c);
        }
        assertEquals(Verdict.rejected(Verdict.MALFORMED), verify("sha256=" + lookalike));
    }
}
