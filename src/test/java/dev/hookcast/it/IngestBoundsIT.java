package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** Bodies the server can never take, and what rejections cost, on Payara Micro. */
@AgainstDeployment.DeployAlso(SqlServlet.class)
class IngestBoundsIT extends AgainstDeployment {

    /** {@code hookcast.ingest.max-pending-bytes}, left at its default in arquillian.xml. */
    private static final long CEILING = 268_435_456;

    /** Runs a statement against the audit store; returns the rows it changed. */
    private int sql(String statement) throws Exception {
        HttpResponse<String> response = hookcast.http().send(HttpRequest.newBuilder(hookcast.uri("test-sql"))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Integer.parseInt(response.body().trim());
    }

    private JsonArray hooks(String query) throws Exception {
        HttpResponse<String> response = hookcast.get("api/admin/hooks?" + query);
        assertEquals(200, response.statusCode(), response.body());
        return Hookcast.json(response.body()).getJsonArray("items");
    }

    /** The hook list once it holds {@code count} items (rejections are written after they are answered). */
    private JsonArray awaitHooks(String query, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonArray items;
        while ((items = hooks(query)).size() < count) {
            assertTrue(System.nanoTime() < deadline, "expected " + count + " hooks: " + items);
            Thread.onSpinWait();
        }
        return items;
    }

    @Test
    void aChannelLimitOverWhatTheServerCanEverTakeIsRefusedNamingTheLimit() throws Exception {
        String channel = Hookcast.uniqueChannel("ceiling");
        HttpResponse<String> refused = hookcast.configure(channel, "{\"maxBytes\":2147483647}");
        assertProblem(400, refused);
        String detail = Hookcast.json(refused.body()).getString("detail");
        assertTrue(detail.contains(Long.toString(CEILING)) && detail.contains("hookcast.ingest.max-pending-bytes"),
                detail);
        assertProblem(400, hookcast.configure(channel, "{\"maxBytes\":" + (CEILING + 1) + "}"));
        HttpResponse<String> most = hookcast.configure(channel, "{\"maxBytes\":" + CEILING + "}");
        assertEquals(200, most.statusCode(), most.body());
        assertEquals(CEILING, Hookcast.json(most.body()).getJsonNumber("maxBytes").longValue());
        assertServerLogClean();
    }

    @Test
    void aBodyDeclaredOverWhatCanEverBeTakenIs413BeforeItIsReadAndAudited() throws Exception {
        String channel = Hookcast.uniqueChannel("stored-limit");
        assertEquals(200, hookcast.configure(channel, "{\"retentionDays\":7}").statusCode());
        // a limit an earlier version accepted, as it is still stored
        assertEquals(1, sql("UPDATE channel SET max_bytes = 2147483647 WHERE name = '" + channel + "'"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Hookcast.json(hookcast.get("api/admin/channels/" + channel).body()).isNull("maxBytes")) {
            assertTrue(System.nanoTime() < deadline, "the settings cache took up the stored limit");
            Thread.onSpinWait();
        }
        long declared = 300L * 1024 * 1024;
        long start = System.nanoTime();
        try (RawHttp raw = new RawHttp(hookcast.uri("/"))) {
            raw.write("POST /hooks/" + channel + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n0123456789");
            String head = raw.readHead();
            assertEquals(413, RawHttp.status(head), head);
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 3,
                "answered before the read deadline (3 s in arquillian.xml)");
        JsonArray rejected = awaitHooks("channel=" + channel + "&status=rejected", 1);
        assertEquals(1, rejected.size(), rejected.toString());
        JsonObject hook = rejected.getJsonObject(0);
        assertEquals("body too large: over " + CEILING + " bytes", hook.getString("reason"));
        assertEquals(declared, hook.getJsonNumber("size").longValue());
        assertServerLogClean();
    }

    /** The rejection counts of a channel once they add up to {@code total} (they are written every 2 s). */
    private JsonArray awaitRejectionCounts(String channel, long total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> response = hookcast.get("api/admin/rejections?channel=" + channel + "&limit=1000");
            assertEquals(200, response.statusCode(), response.body());
            JsonArray items = Hookcast.json(response.body()).getJsonArray("items");
            long counted = items.stream().mapToLong(item -> item.asJsonObject().getJsonNumber("count").longValue()).sum();
            if (counted == total) {
                return items;
            }
            assertTrue(counted < total && System.nanoTime() < deadline, "counted " + counted + " of " + total
                    + ": " + items);
            Thread.onSpinWait();
        }
    }

    @Test
    void aFloodOfRejectedRequestsWritesAFewRowsAKindAMinuteAndCountsEveryOne() throws Exception {
        String channel = Hookcast.uniqueChannel("flood");
        assertEquals(200, hookcast.configure(channel, "{\"rateLimit\":{\"perSecond\":1,\"burst\":1}}").statusCode());
        int requests = 1_000;
        AtomicInteger limited = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                sent.add(senders.submit(() -> {
                    while (next.getAndIncrement() < requests) {
                        int status = hookcast.post(channel, "application/json", "{}".getBytes()).statusCode();
                        if (status == 429) {
                            limited.incrementAndGet();
                        } else if (status != 202) {
                            throw new AssertionError("status " + status);
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
        assertTrue(limited.get() > requests / 2, limited + " rate limited");

        JsonArray counts = awaitRejectionCounts(channel, limited.get());
        Set<String> minutes = new HashSet<>();
        long recorded = 0;
        for (int i = 0; i < counts.size(); i++) {
            JsonObject row = counts.getJsonObject(i);
            assertEquals(channel, row.getString("channel"));
            assertEquals("over the rate limit", row.getString("reason"));
            assertTrue(minutes.add(row.getString("minute")), "one row per kind and minute: " + counts);
            recorded += row.getJsonNumber("recorded").longValue();
        }
        JsonArray rows = hooks("channel=" + channel + "&status=rejected&limit=500");
        assertEquals(recorded, rows.size(), "recorded counts the rejections that have a hook row");
        assertTrue(rows.size() <= 10 * minutes.size(), rows.size() + " hook rows for " + limited + " rejections over "
                + minutes.size() + " minute(s)");

        JsonObject stats = Hookcast.json(hookcast.get("api/admin/stats").body());
        JsonObject mine = stats.getJsonArray("channels").stream().map(JsonObject.class::cast)
                .filter(item -> item.getString("name").equals(channel)).findFirst().orElseThrow();
        assertEquals(limited.get(), mine.getJsonNumber("rejected").longValue(), "the overview counts every rejection");
        System.out.println("IngestBoundsIT: " + limited + " rate-limited requests wrote " + rows.size()
                + " hook rows and " + counts.size() + " count row(s)");
        assertServerLogClean();
    }

    @Test
    void rejectedRequestsDeclaringHugeSizesDoNotPushValidHooksInto503() throws Exception {
        String small = Hookcast.uniqueChannel("small");
        assertEquals(200, hookcast.configure(small, "{\"maxBytes\":100}").statusCode());
        String valid = Hookcast.uniqueChannel("valid");
        // each declares nearly all the pending bytes: counted against them, one would leave no room for a valid hook
        long declared = CEILING - 500;
        byte[] body = ("{\"pad\":\"" + "x".repeat(1_000) + "\"}").getBytes();
        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService liars = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> lying = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                lying.add(liars.submit(() -> {
                    while (posting.get()) {
                        try (RawHttp raw = new RawHttp(hookcast.uri("/"))) {
                            raw.write("POST /hooks/" + small + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain"
                                    + "\r\nContent-Length: " + declared + "\r\nConnection: close\r\n\r\n");
                            assertEquals(413, RawHttp.status(raw.readHead()));
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> response = hookcast.post(valid, "application/json", body);
                assertEquals(202, response.statusCode(), "hook " + i + " after " + refused + " refusals: "
                        + response.body());
            }
            posting.set(false);
            for (Future<?> f : lying) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            posting.set(false);
            liars.shutdownNow();
        }
        assertTrue(refused.get() > 0);
        awaitRejectionCounts(small, refused.get());
        assertServerLogClean();
    }
}
