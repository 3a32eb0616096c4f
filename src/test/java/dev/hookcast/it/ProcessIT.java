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
 * priority, and take the container's write buffers from a pool.
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

    /**
     * On Payara every WebSocket write is copied into a buffer of the web container's response
     * buffer size (8 KiB). Sender threads with a Grizzly pool of their own take that buffer from
     * the pool; the container's managed threads allocate a new one for every write, which is one
     * message when the subscriber keeps up (several only after it fell behind).
     */
    @Test
    void sendsTakeTheContainersWriteBufferFromAPool() throws Exception {
        long pooled = senderBytesPerMessage("pooled-", "hookcast.ws.sender-buffer-pool=true");
        long unpooled = senderBytesPerMessage("unpooled-", "hookcast.ws.sender-buffer-pool=false");
        // measured: about 3 KB a message with the pool, 11 KB without it
        assertTrue(unpooled - pooled >= 6 * 1024, "sender threads allocated " + pooled + " bytes a message with a"
                + " pool of their own, " + unpooled + " as the container's managed threads: the 8 KiB buffer a write"
                + " should be the difference");
    }

    /** What the sender threads allocate per 1 KiB hook sent to one subscriber, once warm. */
    private static long senderBytesPerMessage(String prefix, String property) throws Exception {
        Path data = MicroProcess.dataDir(prefix);
        String channel = Hookcast.uniqueChannel("buffers");
        String body = "{\"pad\":\"" + "x".repeat(1000) + "\"}";
        int warm = 300;
        int measured = 2000;
        try (MicroProcess micro = MicroProcess.start(data, data.resolve("micro.log"), MicroProcess.freePort(), property)) {
            Hookcast hookcast = new Hookcast(micro.base());
            TestSubscriber subscriber = hookcast.subscribe(channel);
            for (int i = 0; i < warm; i++) {
                hookcast.postJson(channel, body);
            }
            subscriber.await(warm, Duration.ofSeconds(60));
            long before = micro.threadAllocatedBytes("hookcast-sender");
            for (int i = 0; i < measured; i++) {
                hookcast.postJson(channel, body);
            }
            subscriber.await(warm + measured, Duration.ofSeconds(120));
            return (micro.threadAllocatedBytes("hookcast-sender") - before) / measured;
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
