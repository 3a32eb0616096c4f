package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

/** Signed channels, subscriber tokens, rate limits and hostile input, on Payara Micro. */
class ChannelSecurityIT extends AgainstDeployment {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static byte[] hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private void configure(String channel, String json) throws Exception {
        HttpResponse<String> response = hookcast.configure(channel, json);
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void githubSignaturesAndItsPublishedVector() throws Exception {
        String channel = Hookcast.uniqueChannel("github");
        String secret = "It's a Secret to Everybody";
        configure(channel, "{\"signing\":{\"scheme\":\"github\",\"secret\":\"It's a Secret to Everybody\"}}");
        TestSubscriber subscriber = hookcast.subscribe(channel);

        assertProblem(401, hookcast.post(channel, "text/plain", "Hello, World!".getBytes()));
        assertProblem(401, hookcast.post(channel, "text/plain", "Hello, World!".getBytes(),
                "X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
        HttpResponse<String> vector = hookcast.post(channel, "text/plain", "Hello, World!".getBytes(),
                "X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertEquals(202, vector.statusCode(), vector.body());

        JsonObject frame = subscriber.await(1, WAIT).get(0);
        assertEquals(Hookcast.json(vector.body()).getString("id"), frame.getString("id"),
                "rejected hooks are never broadcast");
        assertFalse(frame.getJsonObject("headers").containsKey("x-hub-signature-256"));
        JsonObject audited = Hookcast.json(hookcast.get("api/admin/hooks/" + frame.getString("id")).body());
        assertEquals("valid (github)", audited.getString("signature"));

        String actions = hookcast.get("api/admin/actions?limit=100").body();
        assertTrue(actions.contains("\"channel.configure\"") && actions.contains(channel), actions);
        assertFalse(actions.contains(secret), "the action log names what changed, not the secret");

        String shown = hookcast.get("api/admin/channels/" + channel).body();
        assertFalse(shown.contains(secret), "secrets are write-only: " + shown);
        JsonObject signing = Hookcast.json(shown).getJsonObject("signing");
        assertEquals("github", signing.getString("scheme"));
        assertTrue(signing.getBoolean("secretSet"));
        assertFalse(signing.getBoolean("previousSecretSet"));

        String body = "{\"zen\":\"Keep it logically awesome.\"}";
        String good = "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
        assertEquals(202, hookcast.post(channel, "application/json", body.getBytes(), "X-Hub-Signature-256", good)
                .statusCode());
        assertProblem(401, hookcast.post(channel, "application/json", (body + " ").getBytes(),
                "X-Hub-Signature-256", good));
    }

    @Test
    void standardWebhooksWithToleranceAndRotation() throws Exception {
        String channel = Hookcast.uniqueChannel("standard");
        byte[] oldKey = "old-key-0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] newKey = "new-key-9876543210".getBytes(StandardCharsets.UTF_8);
        String oldSecret = "whsec_" + Base64.getEncoder().encodeToString(oldKey);
        String newSecret = "whsec_" + Base64.getEncoder().encodeToString(newKey);
        configure(channel, "{\"signing\":{\"scheme\":\"standard\",\"secret\":\"" + oldSecret + "\"}}");

        assertEquals(202, postStandard(channel, oldKey, "msg_1", Instant.now()).statusCode());
        assertProblem(401, postStandard(channel, newKey, "msg_2", Instant.now()));
        assertProblem(401, postStandard(channel, oldKey, "msg_3", Instant.now().minusSeconds(600)));
        assertProblem(401, postStandard(channel, oldKey, "msg_4", Instant.now().plusSeconds(600)));

        configure(channel, "{\"signing\":{\"scheme\":\"standard\",\"secret\":\"" + newSecret
                + "\",\"previousSecret\":\"" + oldSecret + "\"}}");
        assertEquals(202, postStandard(channel, newKey, "msg_5", Instant.now()).statusCode());
        assertEquals(202, postStandard(channel, oldKey, "msg_6", Instant.now()).statusCode(), "during rotation");
        configure(channel, "{\"signing\":{\"scheme\":\"standard\",\"previousSecret\":null}}");
        assertProblem(401, postStandard(channel, oldKey, "msg_7", Instant.now()));
        assertEquals(202, postStandard(channel, newKey, "msg_8", Instant.now()).statusCode());

        configure(channel, "{\"signing\":null}");
        assertEquals(202, hookcast.post(channel, "application/json", "{}".getBytes()).statusCode(), "unsigned again");
    }

    private HttpResponse<String> postStandard(String channel, byte[] key, String id, Instant at) throws Exception {
        String body = "{\"type\":\"invoice.paid\",\"id\":\"" + id + "\"}";
        long timestamp = at.getEpochSecond();
        String signature = "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
        return hookcast.post(channel, "application/json", body.getBytes(StandardCharsets.UTF_8),
                "webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    @Test
    void stripeSignaturesWithToleranceAndRotation() throws Exception {
        String channel = Hookcast.uniqueChannel("stripe");
        String oldSecret = "whsec_stripe_old_0123456789";
        String newSecret = "whsec_stripe_new_9876543210";
        configure(channel, "{\"signing\":{\"scheme\":\"stripe\",\"secret\":\"" + oldSecret + "\"}}");
        assertEquals(202, postStripe(channel, oldSecret, Instant.now()).statusCode());
        assertProblem(401, postStripe(channel, newSecret, Instant.now()));
        assertProblem(401, postStripe(channel, oldSecret, Instant.now().minusSeconds(400)));
        configure(channel, "{\"signing\":{\"scheme\":\"stripe\",\"secret\":\"" + newSecret
                + "\",\"previousSecret\":\"" + oldSecret + "\"}}");
        assertEquals(202, postStripe(channel, oldSecret, Instant.now()).statusCode());
        assertEquals(202, postStripe(channel, newSecret, Instant.now()).statusCode());
    }

    private HttpResponse<String> postStripe(String channel, String secret, Instant at) throws Exception {
        String body = "{\"object\":\"event\",\"type\":\"charge.succeeded\"}";
        long t = at.getEpochSecond();
        String v1 = HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + body));
        return hookcast.post(channel, "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Stripe-Signature", "t=" + t + ",v1=" + v1 + ",v0=ignored");
    }

    @Test
    void badSettingsAreRefusedWithAReason() throws Exception {
        String channel = Hookcast.uniqueChannel("settings");
        for (String bad : List.of("{\"signing\":{\"scheme\":\"md5\",\"secret\":\"x\"}}",
                "{\"signing\":{\"scheme\":\"github\"}}",
                "{\"signing\":{\"scheme\":\"standard\",\"secret\":\"whsec_not*base64!\"}}",
                "{\"maxBytes\":0}", "{\"maxBytes\":\"big\"}", "{\"rateLimit\":{\"burst\":3}}",
                "{\"subscriberToken\":\"short\"}", "{\"retentionDays\":-1}")) {
            HttpResponse<String> response = hookcast.configure(channel, bad);
            assertProblem(400, response);
            assertFalse(response.body().contains("not*base64"), "a refused secret is not echoed");
        }
        assertProblem(400, hookcast.configure("-bad-name", "{}"));
    }

    @Test
    void subscriberTokensGuardTheUpgrade() throws Exception {
        String channel = Hookcast.uniqueChannel("token");
        String token = "tok_abcdefghijklmnopqrstuvwxyz";
        configure(channel, "{\"subscriberToken\":\"" + token + "\"}");
        JsonObject shown = Hookcast.json(hookcast.get("api/admin/channels/" + channel).body());
        assertTrue(shown.getBoolean("tokenSet"));
        assertFalse(shown.toString().contains(token));

        assertEquals(401, refusedStatus(hookcast.ws(channel)));
        assertEquals(401, refusedStatus(URI.create(hookcast.ws(channel) + "?access_token=wrong-token-123456")));
        TestSubscriber byQuery = TestSubscriber.connect(hookcast.http(),
                URI.create(hookcast.ws(channel) + "?access_token=" + token));
        TestSubscriber byHeader = TestSubscriber.connectWithHeader(hookcast.http(), hookcast.ws(channel),
                "Authorization", "Bearer " + token);
        ExecutionException wrongHeader = assertThrows(ExecutionException.class, () -> TestSubscriber.connectWithHeader(
                hookcast.http(), hookcast.ws(channel), "Authorization", "Bearer nope-nope-nope-nope"));
        assertEquals(401, ((WebSocketHandshakeException) wrongHeader.getCause()).getResponse().statusCode());

        long id = hookcast.postJson(channel, "{}");
        assertEquals(String.valueOf(id), byQuery.await(1, WAIT).get(0).getString("id"));
        assertEquals(String.valueOf(id), byHeader.await(1, WAIT).get(0).getString("id"));

        configure(channel, "{\"subscriberToken\":null}");
        hookcast.subscribe(channel);
    }

    private int refusedStatus(URI ws) {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> TestSubscriber.connect(hookcast.http(), ws));
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    @Test
    void overTheRateLimitIs429WithRetryAfterThenRecovers() throws Exception {
        String channel = Hookcast.uniqueChannel("rate");
        configure(channel, "{\"rateLimit\":{\"perSecond\":2,\"burst\":3}}");
        for (int i = 0; i < 3; i++) {
            assertEquals(202, hookcast.post(channel, "application/json", "{}".getBytes()).statusCode());
        }
        HttpResponse<String> limited = hookcast.post(channel, "application/json", "{}".getBytes());
        assertProblem(429, limited);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(retryAfter + 5);
        int status;
        do {
            status = hookcast.post(channel, "application/json", "{}".getBytes()).statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertEquals(202, status, "recovers once tokens are back");
        assertEquals(202, hookcast.post(Hookcast.uniqueChannel("unlimited"), "application/json", "{}".getBytes())
                .statusCode(), "other channels are not limited");
    }

    @Test
    void perChannelBodyLimit() throws Exception {
        String channel = Hookcast.uniqueChannel("small");
        configure(channel, "{\"maxBytes\":100}");
        assertEquals(202, hookcast.post(channel, "text/plain", new byte[100]).statusCode());
        assertProblem(413, hookcast.post(channel, "text/plain", new byte[101]));
    }

    @Test
    void hostileInputCostsNoMoreThanItsLimitAndTheServerServesOthersAfterwards() throws Exception {
        String channel = Hookcast.uniqueChannel("hostile");
        TestSubscriber witness = hookcast.subscribe(channel);

        // a huge header: refused by the container, nothing accepted
        try (RawHttp raw = new RawHttp(hookcast.uri("/"))) {
            raw.write("POST /hooks/" + channel + " HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "a".repeat(200_000)
                    + "\r\nContent-Length: 2\r\n\r\n{}");
            String head = raw.readHead();
            assertTrue(head.isEmpty() || RawHttp.status(head) >= 400, head);
        } catch (IOException closedByServer) {
            // refusing by closing the connection is fine too
        }
        // invalid UTF-8 and encoded slashes in the path
        for (String path : List.of("/hooks/%FF%FE", "/hooks/a%2F..%2Fb", "/hooks/%00abc")) {
            try (RawHttp raw = new RawHttp(hookcast.uri("/"))) {
                raw.write("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
                int status = RawHttp.status(raw.readHead());
                assertTrue(status >= 400 && status < 500, path + " -> " + status);
            }
        }
        // half-open WebSocket handshakes
        List<RawHttp> halfOpen = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                RawHttp raw = new RawHttp(hookcast.uri("/"));
                raw.write("GET /ws/" + channel + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n");
                halfOpen.add(raw);
            }
            long during = hookcast.postJson(channel, "{\"while\":\"half-open\"}");
            assertEquals(String.valueOf(during), witness.await(1, WAIT).get(0).getString("id"));
        } finally {
            for (RawHttp raw : halfOpen) {
                raw.close();
            }
        }
        // a body sent one byte at a time, slower than the read deadline (3 s in arquillian.xml)
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp slow = new RawHttp(hookcast.uri("/"))) {
            slow.write("POST /hooks/" + channel + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n");
            drip.scheduleAtFixedRate(() -> {
                try {
                    slow.write("x");
                } catch (IOException closed) {
                    throw new IllegalStateException(closed);
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            String head = slow.readHead();
            assertEquals(408, RawHttp.status(head), head);
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 15, "ended by the read deadline");
        } finally {
            drip.shutdownNow();
        }
        // 10,000 distinct channel names
        ExecutorService senders = Executors.newFixedThreadPool(16);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                sent.add(senders.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < 10_000) {
                        int status = hookcast.post("many-" + n, "application/json", "{}".getBytes()).statusCode();
                        if (status != 202) {
                            throw new AssertionError("channel many-" + n + ": " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        long after = hookcast.postJson(channel, "{\"after\":\"everything\"}");
        assertEquals(String.valueOf(after), witness.await(2, WAIT).get(1).getString("id"), "still serving");
    }
}
