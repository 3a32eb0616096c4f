package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

/**
 * Hookcast's timers, run fast: one process pings every second and keeps hooks for zero days,
 * retention running every second. Silent sessions go; expired hooks go; the chain still verifies.
 */
class TimersIT {

    private static MicroProcess micro;
    private static Hookcast hookcast;

    @BeforeAll
    static void start() throws Exception {
        Path data = MicroProcess.dataDir("timers-");
        micro = MicroProcess.start(data, data.resolve("micro.log"), MicroProcess.freePort(),
                "hookcast.ws.ping-interval=1s", "hookcast.retention.days=0", "hookcast.retention.interval=1s");
        hookcast = new Hookcast(micro.base());
    }

    @AfterAll
    static void stop() throws Exception {
        micro.close();
    }

    @Test
    void silentSessionsAreClosedWhileAnsweringOnesStay() throws Exception {
        String channel = Hookcast.uniqueChannel("silent");
        TestSubscriber alive = hookcast.subscribe(channel);
        try (RawHttp silent = new RawHttp(micro.base())) {
            silent.write("GET /ws/" + channel + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertEquals(101, RawHttp.status(silent.readHead()));
            hookcast.awaitSubscriberCount(channel, 2, Duration.ofSeconds(10));
            // pinged every second, silent for two intervals: closed within a few seconds
            hookcast.awaitSubscriberCount(channel, 1, Duration.ofSeconds(15));
        }
        assertFalse(alive.isClosed(), "a subscriber that answers pings stays");
        long id = hookcast.postJson(channel, "{}");
        assertEquals(String.valueOf(id), alive.await(1, Duration.ofSeconds(30)).get(0).getString("id"));
    }

    @Test
    void retentionPurgesExpiredHooksOnItsOwnAndTheChainStillVerifies() throws Exception {
        String channel = Hookcast.uniqueChannel("expire");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(hookcast.postJson(channel, "{\"expires\":" + i + "}"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (long id : ids) {
            int status;
            while ((status = hookcast.get("api/admin/hooks/" + id).statusCode()) == 200
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(404, status, "hook " + id + " purged by the retention timer");
        }
        JsonObject verify = Hookcast.json(hookcast.get("api/admin/channels/" + channel + "/verify").body());
        assertTrue(verify.isNull("firstBroken"), verify.toString());
        long next = hookcast.postJson(channel, "{\"after\":\"purge\"}");
        assertTrue(next > ids.get(ids.size() - 1));
    }
}
