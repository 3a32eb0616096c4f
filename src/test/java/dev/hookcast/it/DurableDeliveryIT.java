package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** Resume with since, duplicates, the delivery audit, retention and the hash chain, on Payara Micro. */
@AgainstDeployment.DeployAlso(SqlServlet.class)
class DurableDeliveryIT extends AgainstDeployment {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private TestSubscriber subscribeSince(String channel, long since) throws Exception {
        return TestSubscriber.connect(hookcast.http(), URI.create(hookcast.ws(channel) + "?since=" + since));
    }

    /** Runs a statement against the audit store; each of {@code bytes} is bound to the next {@code ?}. */
    private int sql(String statement, byte[]... bytes) throws Exception {
        StringBuilder query = new StringBuilder("test-sql");
        for (int i = 0; i < bytes.length; i++) {
            query.append(i == 0 ? '?' : '&').append("hex=").append(HexFormat.of().formatHex(bytes[i]));
        }
        HttpResponse<String> response = hookcast.http().send(HttpRequest.newBuilder(hookcast.uri(query.toString()))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Integer.parseInt(response.body().trim());
    }

    private JsonObject verify(String channel) throws Exception {
        return Hookcast.json(hookcast.get("api/admin/channels/" + channel + "/verify").body());
    }

    @Test
    void aSubscriberReconnectingWithSinceFiftyTimesEndsWithEveryHookInOrderOnce() throws Exception {
        String channel = Hookcast.uniqueChannel("resume");
        int hooks = 5_000;
        List<Long> accepted = Collections.synchronizedList(new ArrayList<>());
        List<Long> received = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> sent = new ArrayList<>();
        long start = hookcast.postJson(channel, "{\"start\":true}");
        accepted.add(start);
        for (int s = 0; s < 8; s++) {
            sent.add(senders.submit(() -> {
                while (next.getAndIncrement() < hooks - 1) {
                    accepted.add(hookcast.postJson(channel, "{\"resume\":true}"));
                }
                return null;
            }));
        }
        Random random = new Random(42);
        long since = start - 1;
        int reconnects = 0;
        try {
            while (received.size() < hooks) {
                TestSubscriber subscriber = subscribeSince(channel, since);
                // the first frames of a since connection are the catch-up, then one replayed frame
                int want = reconnects < 50 ? 1 + random.nextInt(150) : Integer.MAX_VALUE;
                int target = Math.min(want, hooks - received.size());
                List<JsonObject> frames = awaitHooks(subscriber, target);
                long lastSeen = since;
                for (JsonObject frame : frames) {
                    if ("hook".equals(frame.getString("type"))) {
                        long id = Long.parseLong(frame.getString("id"));
                        received.add(id);
                        lastSeen = id;
                    }
                }
                since = lastSeen;
                if (random.nextBoolean()) {
                    subscriber.abort();
                } else {
                    subscriber.socket().sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
                }
                reconnects++;
            }
            for (Future<?> f : sent) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        assertTrue(reconnects > 50, "reconnected " + reconnects + " times");
        List<Long> expected = new ArrayList<>(accepted);
        Collections.sort(expected);
        assertEquals(expected, received, "every hook, in order, once, across " + reconnects + " connections");
    }

    /** Takes exactly {@code count} hook frames (and the control frames between them) from a subscriber. */
    private static List<JsonObject> awaitHooks(TestSubscriber subscriber, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int frames = count; ; frames++) {
            List<JsonObject> got = subscriber.await(frames, Duration.ofNanos(deadline - System.nanoTime()));
            List<JsonObject> taken = new ArrayList<>();
            int hooks = 0;
            for (JsonObject frame : got) {
                taken.add(frame);
                if ("hook".equals(frame.getString("type")) && ++hooks == count) {
                    return taken;
                }
            }
        }
    }

    /** Issue 16 item 1: a body the JSON path cannot take goes out as text; the hooks after it flow. */
    @Test
    void aBodyNoJsonParserTakesStopsNeitherItsChannelNorResumeNorReplay() throws Exception {
        String channel = Hookcast.uniqueChannel("poison");
        TestSubscriber live = hookcast.subscribe(channel);
        hookcast.awaitSubscriberCount(channel, 1, WAIT);
        String deep = "[".repeat(1_000) + "]".repeat(1_000);
        HttpResponse<String> posted = hookcast.post(channel, "application/json", deep.getBytes());
        assertEquals(202, posted.statusCode(), posted.body());
        long poison = Long.parseLong(Hookcast.json(posted.body()).getString("id"));
        long after = hookcast.postJson(channel, "{\"n\":1}");

        List<JsonObject> frames = live.await(2, WAIT);
        assertEquals(List.of(poison, after), live.hookIds());
        assertEquals("text", frames.get(0).getString("encoding"));
        assertEquals(deep, frames.get(0).getString("payload"));
        assertEquals("json", frames.get(1).getString("encoding"));

        List<JsonObject> resumed = subscribeSince(channel, 0).await(3, WAIT);
        assertEquals(deep, resumed.get(0).getString("payload"));
        assertEquals(String.valueOf(after), resumed.get(1).getString("id"));
        assertEquals("replayed", resumed.get(2).getString("type"));

        HttpResponse<String> replay = hookcast.post("api/admin/hooks/" + poison + "/replay");
        assertEquals(200, replay.statusCode(), replay.body());
        JsonObject again = live.await(3, WAIT).get(2);
        assertTrue(again.getBoolean("replay"));
        assertEquals(deep, again.getString("payload"));
    }

    /**
     * Issue 16 item 2: clients that ask for a backlog of large hooks and stop reading hold no
     * more than the catch-up budget (16 MiB in the tests' server), and give it back when they go.
     */
    @Test
    void pausedCatchUpsOfLargeHooksHoldNoMoreThanTheBudgetAndGiveItBack() throws Exception {
        String channel = Hookcast.uniqueChannel("bulky");
        int hooks = 6;
        byte[] body = "x".repeat(4 << 20).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < hooks; i++) {
            assertEquals(202, hookcast.post(channel, "text/plain", body).statusCode());
        }
        List<TestSubscriber> paused = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            paused.add(TestSubscriber.connect(hookcast.http(), URI.create(hookcast.ws(channel) + "?since=0"), false));
        }
        long budget = 16 << 20;
        long held = poll(this::catchUpHeld, bytes -> bytes > 0);
        for (int i = 0; i < 20 && held > 0; i++) {
            assertTrue(held <= budget, held + " bytes held by catch-ups, over the budget of " + budget);
            held = catchUpHeld();
        }
        paused.forEach(TestSubscriber::abort);
        TestSubscriber reader = subscribeSince(channel, 0);
        List<JsonObject> frames = reader.await(hooks + 1, WAIT);
        assertEquals(body.length, frames.get(hooks - 1).getString("payload").length());
        assertEquals("replayed", frames.get(hooks).getString("type"));
        assertEquals(0L, poll(this::catchUpHeld, bytes -> bytes == 0), "every lease given back");
    }

    private long catchUpHeld() throws Exception {
        String metrics = hookcast.get("metrics").body();
        Matcher gauge = Pattern
                .compile("(?m)^hookcast_catch_up_held_bytes(?:\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(metrics);
        assertTrue(gauge.find(), metrics);
        return (long) Double.parseDouble(gauge.group(1));
    }

    /** Calls {@code read} until its value passes {@code done}, for up to {@link #WAIT}; returns that value. */
    private static <T> T poll(Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = read.call();
        while (!done.test(value)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still " + value + " at the deadline");
            }
            Thread.onSpinWait();
            value = read.call();
        }
        return value;
    }

    @Test
    void sinceReplaysOldestFirstThenSaysSoThenGoesLive() throws Exception {
        String channel = Hookcast.uniqueChannel("since");
        long first = hookcast.postJson(channel, "{\"n\":1}");
        long second = hookcast.postJson(channel, "{\"n\":2}");
        long third = hookcast.postJson(channel, "{\"n\":3}");

        TestSubscriber subscriber = subscribeSince(channel, first);
        List<JsonObject> frames = subscriber.await(3, WAIT);
        assertEquals(String.valueOf(second), frames.get(0).getString("id"));
        assertEquals(String.valueOf(third), frames.get(1).getString("id"));
        assertFalse(frames.get(0).getBoolean("replay"), "catch-up is not an admin replay");
        JsonObject replayed = frames.get(2);
        assertEquals("replayed", replayed.getString("type"));
        assertEquals(String.valueOf(first), replayed.getString("since"));
        assertEquals(2, replayed.getInt("count"));
        assertTrue(replayed.getBoolean("complete"));
        long live = hookcast.postJson(channel, "{\"n\":4}");
        assertEquals(String.valueOf(live), subscriber.await(4, WAIT).get(3).getString("id"));

        TestSubscriber beyond = subscribeSince(channel, live + 1_000_000);
        JsonObject none = beyond.await(1, WAIT).get(0);
        assertEquals("replayed", none.getString("type"));
        assertEquals(0, none.getInt("count"));

        for (String bad : List.of("abc", "-1", "1.5", "", "99999999999999999999")) {
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> TestSubscriber.connect(hookcast.http(), URI.create(hookcast.ws(channel) + "?since=" + bad)));
            assertEquals(400, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(), bad);
        }
    }

    @Test
    void sinceOlderThanTheRetentionHorizonIsIncomplete() throws Exception {
        String channel = Hookcast.uniqueChannel("horizon");
        long old = hookcast.postJson(channel, "{\"old\":1}");
        hookcast.postJson(channel, "{\"old\":2}");
        Instant mark = Instant.now().plusMillis(1);
        purgeBefore(mark);
        awaitPast(mark);
        long kept = hookcast.postJson(channel, "{\"kept\":true}");

        JsonObject replayed = replayedFrame(subscribeSince(channel, 0), 1);
        assertEquals(1, replayed.getInt("count"));
        assertFalse(replayed.getBoolean("complete"), "hooks after since=0 were purged");
        JsonObject stillOld = replayedFrame(subscribeSince(channel, old), 1);
        assertFalse(stillOld.getBoolean("complete"));
        JsonObject recent = replayedFrame(subscribeSince(channel, kept - 1), 1);
        assertTrue(recent.getBoolean("complete"), "nothing after " + (kept - 1) + " was purged");
    }

    private static JsonObject replayedFrame(TestSubscriber subscriber, int hooksBefore) throws Exception {
        List<JsonObject> frames = subscriber.await(hooksBefore + 1, WAIT);
        return frames.get(hooksBefore);
    }

    /** Returns once the clock is past {@code mark} (2 ms at most): a hook posted next is received after it. */
    private static void awaitPast(Instant mark) {
        while (!Instant.now().isAfter(mark.plusMillis(1))) {
            Thread.onSpinWait();
        }
    }

    private void purgeBefore(Instant cutoff) throws Exception {
        HttpResponse<String> purged = hookcast.post("api/admin/purge?before=" + cutoff);
        assertEquals(200, purged.statusCode(), purged.body());
    }

    @Test
    void twentyConcurrentCopiesOfOneDeliveryAreAcceptedOnceAndBroadcastOnce() throws Exception {
        String channel = Hookcast.uniqueChannel("dedup");
        TestSubscriber subscriber = hookcast.subscribe(channel);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> copies = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                copies.add(pool.submit(() -> {
                    go.await();
                    return hookcast.post(channel, "application/json", "{\"copy\":true}".getBytes(),
                            "webhook-id", "msg_same");
                }));
            }
            go.countDown();
            Map<Integer, Long> statuses = new java.util.HashMap<>();
            Set<String> ids = new HashSet<>();
            for (Future<HttpResponse<String>> copy : copies) {
                HttpResponse<String> response = copy.get(1, TimeUnit.MINUTES);
                statuses.merge(response.statusCode(), 1L, Long::sum);
                ids.add(Hookcast.json(response.body()).getString("id"));
                assertTrue(response.headers().firstValue("Location").isPresent());
            }
            assertEquals(Map.of(202, 1L, 200, 19L), statuses);
            assertEquals(1, ids.size(), "every answer names the first hook");
        } finally {
            pool.shutdownNow();
        }
        // other keys and other channels are not duplicates
        HttpResponse<String> otherKey = hookcast.post(channel, "application/json", "{}".getBytes(),
                "X-GitHub-Delivery", "other");
        assertEquals(202, otherKey.statusCode());
        assertEquals(202, hookcast.post(Hookcast.uniqueChannel("dedup-other"), "application/json", "{}".getBytes(),
                "webhook-id", "msg_same").statusCode());
        List<JsonObject> frames = subscriber.await(2, WAIT);
        assertEquals(Hookcast.json(otherKey.body()).getString("id"), frames.get(1).getString("id"),
                "the copies were broadcast once: the next frame is the next hook");
    }

    @Test
    void everyHookHasADeliveryRecordPerSubscriberEvenWhenOneDropsMidStream() throws Exception {
        String channel = Hookcast.uniqueChannel("audit");
        List<TestSubscriber> subscribers = new ArrayList<>();
        List<String> subscriberIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subscribers.add(hookcast.subscribe(channel));
            hookcast.awaitSubscriberCount(channel, i + 1, WAIT);
            JsonArray items = Hookcast.json(hookcast.get("api/admin/subscribers?channel=" + channel).body())
                    .getJsonArray("items");
            assertTrue(items.stream().allMatch(item -> "127.0.0.1".equals(item.asJsonObject().getString("remote"))),
                    "the registry knows each subscriber's address: " + items);
            Set<String> known = new HashSet<>(subscriberIds);
            subscriberIds.add(items.stream().map(item -> item.asJsonObject().getString("id"))
                    .filter(id -> !known.contains(id)).findFirst().orElseThrow());
        }
        long before = hookcast.postJson(channel, "{\"phase\":\"all three\"}");
        for (TestSubscriber subscriber : subscribers) {
            subscriber.await(1, WAIT);
        }
        subscribers.get(2).abort();
        List<Long> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            after.add(hookcast.postJson(channel, "{\"phase\":\"one gone\"}"));
        }
        subscribers.get(0).await(21, WAIT);
        subscribers.get(1).await(21, WAIT);

        Map<String, String> first = awaitDeliveries(before, 3);
        assertEquals(Map.of(subscriberIds.get(0), "delivered", subscriberIds.get(1), "delivered",
                subscriberIds.get(2), "delivered"), first);
        for (long id : after) {
            Map<String, String> records = awaitDeliveries(id, 2);
            assertEquals("delivered", records.get(subscriberIds.get(0)), "hook " + id);
            assertEquals("delivered", records.get(subscriberIds.get(1)), "hook " + id);
            String gone = records.get(subscriberIds.get(2));
            assertTrue(gone == null || gone.equals("failed") || gone.equals("dropped") || gone.equals("delivered"),
                    "hook " + id + ": " + gone);
        }
        long last = after.get(after.size() - 1);
        hookcast.awaitSubscriberCount(channel, 2, WAIT);
        long later = hookcast.postJson(channel, "{\"phase\":\"after\"}");
        subscribers.get(0).await(22, WAIT);
        assertFalse(awaitDeliveries(later, 2).containsKey(subscriberIds.get(2)),
                "a closed session gets no records for hooks after " + last);
    }

    /** The hook's delivery records by subscriber, once there are at least {@code count} (written within 5 s). */
    private Map<String, String> awaitDeliveries(long hookId, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            JsonArray deliveries = Hookcast.json(hookcast.get("api/admin/hooks/" + hookId).body())
                    .getJsonArray("deliveries");
            if (deliveries.size() >= count || System.nanoTime() > deadline) {
                assertTrue(deliveries.size() >= count, "hook " + hookId + " has " + deliveries + " after 5 s");
                return deliveries.stream().map(JsonObject.class::cast).collect(Collectors.toMap(
                        d -> d.getString("subscriber"), d -> d.getString("status"), (a, b) -> a + "," + b));
            }
        }
    }

    @Test
    void retentionPurgesOldHooksAndLeavesTheChainVerifiable() throws Exception {
        String channel = Hookcast.uniqueChannel("retain");
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            old.add(hookcast.postJson(channel, "{\"old\":" + i + "}"));
        }
        Instant mark = Instant.now().plusMillis(1);
        awaitPast(mark);
        hookcast.post(channel, "text/plain", new byte[0]);
        assertEquals(11, verify(channel).getInt("verified"));
        purgeBefore(mark);
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            kept.add(hookcast.postJson(channel, "{\"kept\":" + i + "}"));
        }
        for (long id : old) {
            assertEquals(404, hookcast.get("api/admin/hooks/" + id).statusCode(), "purged " + id);
        }
        JsonObject result = verify(channel);
        assertEquals(10, result.getInt("verified"));
        assertTrue(result.isNull("firstBroken"), result.toString());
    }

    @Test
    void tamperingWithTheAuditStoreIsReportedByVerify() throws Exception {
        String channel = Hookcast.uniqueChannel("tamper");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(hookcast.postJson(channel, "{\"amount\":" + (100 + i) + "}"));
        }
        JsonObject clean = verify(channel);
        assertEquals(6, clean.getInt("verified"));
        assertNull(clean.get("firstBroken") == null || clean.isNull("firstBroken") ? null : clean.get("firstBroken"));

        assertEquals(1, sql("UPDATE hook SET body = ? WHERE id = " + ids.get(2),
                "{\"amount\":999}".getBytes(StandardCharsets.UTF_8)));
        JsonObject edited = verify(channel);
        assertEquals(String.valueOf(ids.get(2)), edited.getString("firstBroken"), "an edited body");
        assertEquals(2, edited.getInt("verified"));

        String channel2 = Hookcast.uniqueChannel("tamper");
        List<Long> ids2 = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids2.add(hookcast.postJson(channel2, "{\"n\":" + i + "}"));
        }
        assertEquals(1, sql("DELETE FROM hook WHERE id = " + ids2.get(3)));
        assertEquals(String.valueOf(ids2.get(4)), verify(channel2).getString("firstBroken"), "a hook deleted from the middle");

        String channel3 = Hookcast.uniqueChannel("tamper");
        List<Long> ids3 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids3.add(hookcast.postJson(channel3, "{\"n\":" + i + "}"));
        }
        assertEquals(1, sql("UPDATE hook SET headers = '[]' WHERE id = " + ids3.get(0)));
        assertEquals(String.valueOf(ids3.get(0)), verify(channel3).getString("firstBroken"), "edited headers");

        String channel4 = Hookcast.uniqueChannel("tamper");
        List<Long> ids4 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids4.add(hookcast.postJson(channel4, "{\"n\":" + i + "}"));
        }
        assertEquals(1, sql("DELETE FROM hook WHERE id = " + ids4.get(2)));
        assertEquals(String.valueOf(ids4.get(2)), verify(channel4).getString("firstBroken"), "the newest hook deleted");
    }
}
