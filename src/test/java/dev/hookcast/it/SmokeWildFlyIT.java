package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

/**
 * The smoke suite of the WAR on WildFly ({@code mvn verify -Pwildfly}): the server that profile
 * unpacked, configured with {@code wildfly/configure.cli} and started, with {@code target/hookcast.war}
 * deployed as it is, seen over real HTTP and WebSockets at {@code hookcast.wildfly.url}.
 */
class SmokeWildFlyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Hookcast hookcast;

    @BeforeAll
    static void connect() {
        String url = System.getProperty("hookcast.wildfly.url");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("hookcast.wildfly.url is not set: run with mvn verify -Pwildfly");
        }
        hookcast = new Hookcast(URI.create(url));
    }

    @Test
    void ingestAnswers202WithTheAcceptedHookAndWhereToFindIt() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-ingest");
        HttpResponse<String> response = hookcast.post(channel, "application/json", "{\"a\":1}".getBytes());

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject accepted = Hookcast.json(response.body());
        assertEquals(channel, accepted.getString("channel"));
        assertTrue(Long.parseLong(accepted.getString("id")) > 0);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/api/admin/hooks/" + accepted.getString("id")), location);
    }

    @Test
    void aSubscriberReceivesTheFramesOfItsChannelInOrder() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-live");
        TestSubscriber subscriber = hookcast.subscribe(channel);
        TestSubscriber other = hookcast.subscribe(Hookcast.uniqueChannel("wf-other"));
        long first = hookcast.postJson(channel, "{\"action\":\"opened\"}");
        HttpResponse<String> text = hookcast.post(channel, "text/plain; charset=utf-8", "héllo".getBytes("UTF-8"));
        assertEquals(202, text.statusCode(), text.body());

        List<JsonObject> frames = subscriber.await(2, WAIT);
        JsonObject hook = frames.get(0);
        assertEquals("hook", hook.getString("type"));
        assertEquals(String.valueOf(first), hook.getString("id"));
        assertEquals(channel, hook.getString("channel"));
        assertEquals("json", hook.getString("encoding"));
        assertEquals("opened", hook.getJsonObject("payload").getString("action"));
        assertFalse(hook.getBoolean("replay"));
        assertEquals("text", frames.get(1).getString("encoding"));
        assertEquals("héllo", frames.get(1).getString("payload"));
        assertEquals(List.of(), other.hookIds(), "another channel's subscriber gets nothing");
        assertEquals(1, hookcast.subscriberCount(channel));
    }

    @Test
    void resumingWithSinceReplaysTheMissedHooksThenSaysSoThenGoesLive() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-since");
        List<Long> posted = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            posted.add(hookcast.postJson(channel, "{\"n\":" + n + "}"));
        }
        long first = posted.get(0);

        TestSubscriber subscriber = TestSubscriber.connect(hookcast.http(),
                URI.create(hookcast.ws(channel) + "?since=" + first));
        List<JsonObject> frames = subscriber.await(3, WAIT);
        assertEquals(posted.subList(1, 3), subscriber.hookIds(), "the hooks after since, oldest first");
        assertEquals("{\"type\":\"replayed\",\"since\":\"" + first + "\",\"count\":2,\"complete\":true}",
                frames.get(2).toString(), "then the control frame that says the catch-up is over");

        long live = hookcast.postJson(channel, "{\"n\":4}");
        assertEquals(String.valueOf(live), subscriber.await(4, WAIT).get(3).getString("id"));
    }

    @Test
    void theAdminApiShowsHooksVerifiesChainsAndConfiguresChannelsForTheAdminOnly() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-admin");
        long id = hookcast.postJson(channel, "{\"secret\":false}");

        HttpResponse<String> detail = hookcast.get("api/admin/hooks/" + id);
        assertEquals(200, detail.statusCode(), detail.body());
        JsonObject hook = Hookcast.json(detail.body());
        assertEquals(String.valueOf(id), hook.getString("id"));
        assertEquals(channel, hook.getString("channel"));
        assertEquals("accepted", hook.getString("status"));
        HttpResponse<String> verify = hookcast.get("api/admin/channels/" + channel + "/verify");
        assertEquals(200, verify.statusCode(), verify.body());
        assertEquals("{\"verified\":1,\"firstBroken\":null}", verify.body(), "the hash chain holds");

        HttpResponse<String> anonymous = hookcast.http().send(HttpRequest
                .newBuilder(hookcast.uri("api/admin/hooks/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> wrong = hookcast.http().send(HttpRequest
                .newBuilder(hookcast.uri("api/admin/hooks/" + id))
                .header("Authorization", Hookcast.basic("admin", "not-the-password")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> put = hookcast.configure(channel, "{\"maxBytes\":64}");
        assertEquals(200, put.statusCode(), put.body());
        HttpResponse<String> get = hookcast.get("api/admin/channels/" + channel);
        assertEquals(200, get.statusCode(), get.body());
        JsonObject settings = Hookcast.json(get.body());
        assertTrue(settings.getBoolean("configured"));
        assertEquals(64, settings.getInt("maxBytes"));
        assertEquals(413, hookcast.post(channel, "text/plain", new byte[65]).statusCode(),
                "the channel's new limit applies at once");
    }

    @Test
    void stalledBodiesHoldNoWorker() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-stall");
        // More stalled bodies than Undertow's task threads (16 per core by default), 25 per address:
        // under hookcast.ingest.max-reading-per-address, so every one of them is being read.
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int n = 0; n < 100; n++) {
                RawHttp raw = new RawHttp(hookcast.uri("/"), InetAddress.getByName("127.0.1." + (1 + n / 25)));
                stalled.add(raw);
                raw.write("POST /hooks/" + channel + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 100\r\n\r\nabc");
            }
            HttpResponse<String> victim = hookcast.http().send(HttpRequest.newBuilder(hookcast.uri("hooks/" + channel))
                    .timeout(Duration.ofMillis(2500)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"victim\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, victim.statusCode(), victim.body());
        } finally {
            for (RawHttp raw : stalled) {
                raw.close();
            }
        }
    }

    /** A body that arrives after its headers is read, stored and answered by the filter, without JAX-RS: on Undertow too. */
    @Test
    void aBodyAfterItsHeadersIsAnswered202() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-after");
        try (RawHttp raw = new RawHttp(hookcast.uri("/"))) {
            raw.write(RawHttp.hookHead(channel, "application/json", 9, ""));
            assertEquals(null, raw.readHead(Duration.ofMillis(300)), "no answer before the body");
            raw.write("{\"n\":123}");
            String head = raw.readHead();
            assertEquals(202, RawHttp.status(head), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("content-type: application/json"), head);
            String id = Hookcast.json(raw.readRest()).getString("id");
            assertEquals(200, hookcast.get("api/admin/hooks/" + id).statusCode());
        }
    }

    /** WildFly hands a client's frame over in pieces, however large: a 5 MiB one is over the limit like any other. */
    @Test
    void aClientMessageOverTheLimitClosesItsSessionWith1009() throws Exception {
        String channel = Hookcast.uniqueChannel("wf-too-big");
        TestSubscriber bystander = hookcast.subscribe(channel);
        TestSubscriber sender = hookcast.subscribe(channel);
        sender.socket().sendBinary(java.nio.ByteBuffer.allocate(5 << 20), true);
        assertEquals(1009, sender.closeCode(WAIT));
        long id = hookcast.postJson(channel, "{\"after\":true}");
        assertEquals(List.of(id), bystander.awaitHookIds(List.of(id), WAIT));
    }

    @Test
    void theConsoleIsServed() throws Exception {
        HttpResponse<String> console = hookcast.get("admin/");
        assertEquals(200, console.statusCode());
        assertTrue(console.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                console.headers().toString());
        assertEquals(200, hookcast.get("admin/app.js").statusCode());
    }
}
