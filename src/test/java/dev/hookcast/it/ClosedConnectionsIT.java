package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * WebSocket connections that their clients closed are let go on Payara Micro. A server with 8 HTTP
 * worker threads (each keeps its last 17 requests, and with them the connections they came on: at
 * most 136 in all) sees 400 subscribers come and go; within 15 s of the last close, well inside
 * the listener's keep-alive timeout (30 s), fewer than 200 of its Grizzly connections may remain
 * (counted by {@code jcmd GC.class_histogram}, after a full GC). Grizzly's keep-alive queue would
 * hold every one of them for those 30 s, and does with {@code hookcast.ws.release-keep-alive=false}:
 * the second test, which shows that the first can tell.
 */
class ClosedConnectionsIT {

    private static final int SUBSCRIBERS = 400;
    private static final int CHANNELS = 20;
    private static final int WORKER_THREADS = 8;
    private static final int HELD_LIMIT = SUBSCRIBERS / 2;
    private static final Duration RELEASE_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STEP_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern CONNECTIONS = Pattern.compile(
            "(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+org\\.glassfish\\.grizzly\\.nio\\.transport\\.TCPNIOConnection\\s*$");

    @Test
    void closedConnectionsAreLetGo() throws Exception {
        try (MicroProcess micro = server("released-", "hookcast.ws.release-keep-alive=true")) {
            comeAndGo(micro);
            long deadline = System.nanoTime() + RELEASE_DEADLINE.toNanos();
            long held = heldConnections(micro);
            while (held >= HELD_LIMIT && System.nanoTime() < deadline) {
                held = heldConnections(micro);
            }
            assertTrue(held < HELD_LIMIT, held + " Grizzly connections still held " + RELEASE_DEADLINE.toSeconds()
                    + " s after " + SUBSCRIBERS + " subscribers closed theirs (at most "
                    + WORKER_THREADS * 17 + " belong to the worker threads' recycled requests)");
        }
    }

    @Test
    void withoutTheReleaseGrizzlysKeepAliveQueueHoldsThem() throws Exception {
        try (MicroProcess micro = server("kept-", "hookcast.ws.release-keep-alive=false")) {
            comeAndGo(micro);
            long held = heldConnections(micro);
            assertTrue(held >= SUBSCRIBERS, "only " + held + " Grizzly connections held right after " + SUBSCRIBERS
                    + " subscribers closed theirs: Grizzly no longer keeps them on its keep-alive queue, and"
                    + " GrizzlyUpgrade may go");
        }
    }

    /** Payara Micro as the README runs it, with {@link #WORKER_THREADS} HTTP worker threads. */
    private static MicroProcess server(String prefix, String... systemProperties) throws Exception {
        Path data = MicroProcess.dataDir(prefix);
        Path preBoot = data.resolve("pre-boot-commands.asadmin");
        Files.writeString(preBoot, Files.readString(MicroProcess.PRE_BOOT, StandardCharsets.UTF_8)
                + "\nset configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size="
                + WORKER_THREADS + "\n", StandardCharsets.UTF_8);
        return MicroProcess.start(data, data.resolve("micro.log"), MicroProcess.freePort(), preBoot, systemProperties);
    }

    /** Opens {@link #SUBSCRIBERS} subscriptions, then closes them all and waits for the server's closing handshakes. */
    private static void comeAndGo(MicroProcess micro) throws Exception {
        Hookcast hookcast = new Hookcast(micro.base());
        CountDownLatch closed = new CountDownLatch(SUBSCRIBERS);
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.countDown();
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.countDown();
            }
        };
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            opening.add(hookcast.http().newWebSocketBuilder().buildAsync(hookcast.ws("gone-" + i % CHANNELS), listener));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<WebSocket> socket : opening) {
            socket.join().sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        assertTrue(closed.await(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS),
                closed.getCount() + " of " + SUBSCRIBERS + " subscriptions had no closing handshake");
    }

    /** The server's Grizzly connections after a full GC ({@code jcmd GC.class_histogram} forces one). */
    private static long heldConnections(MicroProcess micro) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(micro.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS) && jcmd.exitValue() == 0,
                "jcmd failed: " + histogram);
        Matcher count = CONNECTIONS.matcher(histogram);
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }
}
