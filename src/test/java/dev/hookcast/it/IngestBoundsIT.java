package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
}
