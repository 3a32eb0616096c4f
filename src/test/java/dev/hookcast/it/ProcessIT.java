package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

/**
 * Hookcast as the README runs it, in a process of its own: stopped and crashed, what was
 * acknowledged is still in the audit store afterwards, and an orderly stop closes subscribers
 * with 1001 within its deadline; the threads that send to subscribers run below the ingest path's
 * priority.
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

    @Test
    void sendersRunBelowTheIngestPath() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc to read thread priorities");
        Path data = MicroProcess.dataDir("priority-");
        String channel = Hookcast.uniqueChannel("priority");
        try (MicroProcess micro = MicroProcess.start(data, data.resolve("micro.log"), MicroProcess.freePort())) {
            Hookcast hookcast = new Hookcast(micro.base());
            TestSubscriber subscriber = hookcast.subscribe(channel);
            hookcast.postJson(channel, "{}");
            subscriber.await(1, Duration.ofSeconds(30));
            Map<String, List<Integer>> nice = micro.threadNiceValues();
            // thread names as the kernel keeps them: hookcast-sender-N, hookcast-ingest-writer
            List<Integer> senders = nice.get("hookcast-sender");
            assertTrue(senders != null && !senders.isEmpty(), "sender threads: " + nice.keySet());
            senders.forEach(n -> assertEquals(4, n, "a sender thread's nice value (Java's minimum priority)"));
            assertEquals(List.of(0), nice.get("hookcast-ingest"), "the ingest writer's nice value");
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
