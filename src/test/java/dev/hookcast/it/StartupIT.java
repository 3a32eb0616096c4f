package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Senders and probes that keep coming while a server starts: Payara Micro run as the README runs
 * it, started several times on one data folder, with health probes, metrics scrapes, hooks, admin
 * requests and WebSocket subscriptions from the moment the process is launched. Every answer must
 * be Hookcast's: a correct one, or {@code 503} problem+json with {@code Retry-After} (a closed port
 * is no answer, and allowed); never the server's own 404, 500 or HTML pages. Each start must end
 * ready, with nothing in the log about a failed initialization: a health probe used to make a
 * singleton fail its initialization for good, once in several starts. Nor may the hooks leave
 * Weld's warnings in the log.
 */
class StartupIT {

    private static final int STARTS = 3;
    /** A record logged at SEVERE: Payara's level field (colored or not), or the plain formatter's before Payara's is set up. */
    private static final Pattern SEVERE = Pattern.compile("\\[(\u001B\\[[0-9;]*m)?SEVERE(\u001B\\[0m)?\\]|(?m)^SEVERE:");
    private static final Duration START_DEADLINE = Duration.ofSeconds(300);
    /** After the first full answer, how long the requests go on. */
    private static final Duration AFTER_READY = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** What each kind of request was answered, as "kind status content-type", with how often. */
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    /** Answers that are not Hookcast's, with the start they came in. */
    private final List<String> wrong = new CopyOnWriteArrayList<>();

    @Test
    void requestsDuringStartGetHookcastsAnswerAndTheStartSucceeds() throws Exception {
        Path data = MicroProcess.dataDir("startup-");
        for (int start = 1; start <= STARTS; start++) {
            Path log = data.resolve("micro-" + start + ".log");
            int port = MicroProcess.freePort();
            try (MicroProcess micro = MicroProcess.launch(data, log, port)) {
                hammerUntilReady(micro.base(), start);
                String text = Files.readString(log, StandardCharsets.UTF_8);
                assertTrue(!text.contains("initialization failed") && !text.contains("must be declared static"),
                        "start " + start + ": a bean failed its initialization, see " + log);
                assertTrue(!SEVERE.matcher(text).find(), "start " + start + ": SEVERE in " + log);
                // Payara leaves Weld's per-thread request state behind after each asynchronous
                // request (every hook), and Weld's 4 warnings about it would flood the log.
                assertTrue(!text.contains("WARN: WELD-"), "start " + start + ": Weld's warnings in " + log);
                micro.stop(Duration.ofSeconds(60));
            }
        }
        assertEquals(List.of(), wrong, "answers that were not Hookcast's; all answers: " + answers);
    }

    /** Sends every kind of request in a loop until each kind has had its full answer, and a little longer. */
    private void hammerUntilReady(URI base, int start) throws Exception {
        List<Kind> kinds = List.of(Kind.READY, Kind.READY, Kind.LIVE, Kind.METRICS, Kind.HOOK, Kind.HOOK, Kind.ADMIN,
                Kind.SUBSCRIBE);
        Map<Kind, Boolean> served = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(kinds.size());
        try {
            for (Kind kind : kinds) {
                threads.submit(() -> {
                    while (done.getCount() > 0 && System.nanoTime() < deadline) {
                        if (ask(base, kind, start, done)) {
                            served.put(kind, true);
                        }
                    }
                    return null;
                });
            }
            long readyAt = 0;
            while (System.nanoTime() < deadline && !done.await(100, TimeUnit.MILLISECONDS)) {
                if (readyAt == 0 && served.size() == Kind.values().length) {
                    readyAt = System.nanoTime();
                }
                if (readyAt != 0 && System.nanoTime() - readyAt > AFTER_READY.toNanos()) {
                    done.countDown();
                }
            }
        } finally {
            done.countDown();
            threads.shutdown();
            assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
        }
        assertEquals(Kind.values().length, served.size(), "start " + start + " ended with every kind of request served: "
                + served.keySet() + "; answers: " + answers + "; wrong: " + wrong);
    }

    private enum Kind { READY, LIVE, METRICS, HOOK, ADMIN, SUBSCRIBE }

    /** One request; true when it got its full answer. A refused connection waits a moment (the port is closed). */
    private boolean ask(URI base, Kind kind, int start, CountDownLatch done) throws Exception {
        try {
            if (kind == Kind.SUBSCRIBE) {
                return subscribe(base, start, done);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(switch (kind) {
                case READY -> "health/ready";
                case LIVE -> "health/live";
                case METRICS -> "metrics";
                case HOOK -> "hooks/startup";
                default -> "api/admin/stats";
            })).timeout(Duration.ofSeconds(30));
            if (kind == Kind.HOOK) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"start\":" + start + "}"));
            }
            if (kind == Kind.ADMIN) {
                request.header("Authorization", Hookcast.ADMIN_AUTHORIZATION);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            answers.computeIfAbsent(kind + " " + response.statusCode() + " " + type, key -> new AtomicLong()).incrementAndGet();
            int expected = kind == Kind.HOOK ? 202 : 200;
            boolean health = kind == Kind.READY || kind == Kind.LIVE;
            if (response.statusCode() == expected) {
                return true;
            }
            if (response.statusCode() == 503 && (health && type.startsWith("application/json") || starting(response))) {
                return false;
            }
            wrong.add("start " + start + ": " + kind + " answered " + response.statusCode() + " " + type + " "
                    + response.body().substring(0, Math.min(200, response.body().length())));
            return false;
        } catch (ConnectException closed) {
            done.await(50, TimeUnit.MILLISECONDS); // try again in a moment, as a sender would
            return false;
        } catch (IOException reset) {
            answers.computeIfAbsent(kind + " " + reset.getClass().getSimpleName(), key -> new AtomicLong()).incrementAndGet();
            return false;
        }
    }

    private static boolean starting(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && response.headers().firstValue("Retry-After").isPresent();
    }

    private boolean subscribe(URI base, int start, CountDownLatch done) throws Exception {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("ws/startup");
        try {
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(ws, new WebSocket.Listener() { }).get(30, TimeUnit.SECONDS);
            answers.computeIfAbsent("SUBSCRIBE 101", key -> new AtomicLong()).incrementAndGet();
            socket.abort();
            return true;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                answers.computeIfAbsent("SUBSCRIBE " + response.statusCode(), key -> new AtomicLong()).incrementAndGet();
                if (response.statusCode() != 503 || !starting(response)) {
                    wrong.add("start " + start + ": SUBSCRIBE answered " + response.statusCode() + " "
                            + response.headers().firstValue("Content-Type").orElse(""));
                }
                return false;
            }
            if (failed.getCause() instanceof ConnectException) {
                done.await(50, TimeUnit.MILLISECONDS);
                return false;
            }
            answers.computeIfAbsent("SUBSCRIBE " + failed.getCause(), key -> new AtomicLong()).incrementAndGet();
            return false;
        }
    }
}
