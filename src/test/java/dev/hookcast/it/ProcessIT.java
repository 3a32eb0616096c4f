package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

/**
 * Hookcast as the README runs it, in a process of its own: stopped and crashed, what was
 * acknowledged is still in the audit store afterwards, and an orderly stop closes subscribers
 * with 1001 within its deadline.
 */
class ProcessIT {

    @Test
    void acceptedHooksSurviveAStopAndACrash() throws Exception {
        Path data = MicroProcess.dataDir("restart-");
        Path log = data.resolve("micro.log");
        int port = MicroProcess.freePort();
        String channel = Hookcast.uniqueChannel("restart");
        List<Long> ids = new ArrayList<>();

        try (MicroProcess first = MicroProcess.start(data, log, port)) {
            Hookcast hookcast = new Hookcast(first.base());
            TestSubscriber subscriber = hookcast.subscribe(channel);
            for (int i = 0; i < 20; i++) {
                ids.add(hookcast.postJson(channel, "{\"before\":\"stop\",\"i\":" + i + "}"));
            }
            subscriber.await(20, Duration.ofSeconds(30));
            Duration took = first.stop(Duration.ofSeconds(30));
            assertEquals(1001, subscriber.closeCode(Duration.ofSeconds(5)), "subscribers are told the server goes away");
            assertTrue(took.toSeconds() < 30, "stopped in " + took);
        }
        try (MicroProcess second = MicroProcess.start(data, log, port)) {
            Hookcast hookcast = new Hookcast(second.base());
            assertStored(hookcast, ids, channel);
            for (int i = 0; i < 20; i++) {
                ids.add(hookcast.postJson(channel, "{\"before\":\"crash\",\"i\":" + i + "}"));
            }
            second.kill();
        }
        try (MicroProcess third = MicroProcess.start(data, log, port)) {
            Hookcast hookcast = new Hookcast(third.base());
            assertStored(hookcast, ids, channel);
            long next = hookcast.postJson(channel, "{}");
            assertTrue(next > ids.get(ids.size() - 1), "ids keep growing across restarts");
        }
    }

    private static void assertStored(Hookcast hookcast, List<Long> ids, String channel) throws Exception {
        for (long id : ids) {
            var response = hookcast.get("api/admin/hooks/" + id);
            assertEquals(200, response.statusCode(), "hook " + id);
            JsonObject hook = Hookcast.json(response.body());
            assertEquals(channel, hook.getString("channel"));
            assertEquals("accepted", hook.getString("status"));
            String body = new String(Base64.getDecoder().decode(hook.getString("bodyBase64")));
            assertTrue(body.startsWith("{\"before\":"), body);
        }
    }
}
