package dev.hookcast.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Credentials keep their presence, not their value; signatures and delivery ids are no credentials. */
class HeaderRedactionTest {

    @Test
    void credentialsAreRedacted() {
        for (String name : List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
                "Api-Key", "X-Auth-Token", "X-Access-Token", "X-Amz-Security-Token", "X-Gitlab-Token",
                "Private-Token", "X-CSRF-Token", "X-Client-Secret", "X-Password", "X-Session-Id")) {
            assertTrue(Header.isCredential(name), name);
        }
    }

    @Test
    void signaturesDeliveryIdsAndOrdinaryHeadersAreKept() {
        for (String name : List.of("X-Hub-Signature-256", "X-Hub-Signature", "Stripe-Signature", "webhook-signature",
                "webhook-id", "webhook-timestamp", "X-GitHub-Delivery", "Idempotency-Key", "Content-Type", "Host",
                "User-Agent", "X-GitHub-Event", "X-Request-Id")) {
            assertFalse(Header.isCredential(name), name);
        }
    }

    @Test
    void redactingKeepsOrderRepeatsAndPresence() {
        List<Header> headers = List.of(new Header("Host", "h"), new Header("Cookie", "a=1"),
                new Header("X-Hub-Signature-256", "sha256=ab"), new Header("Cookie", "b=2"));
        assertEquals(List.of(new Header("Host", "h"), new Header("Cookie", Header.REDACTED),
                new Header("X-Hub-Signature-256", "sha256=ab"), new Header("Cookie", Header.REDACTED)),
                Header.redacted(headers));
        List<Header> clean = List.of(new Header("Host", "h"));
        assertSame(clean, Header.redacted(clean));
    }
}
