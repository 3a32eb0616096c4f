package dev.hookcast.it;

import static dev.hookcast.channel.SigningTestSupport.concat;
import static dev.hookcast.channel.SigningTestSupport.hex;
import static dev.hookcast.channel.SigningTestSupport.hmacSha256;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code hookcast listen} (target/hookcast-cli.jar, run as its own process) against the deployed
 * WAR and a real target HTTP server in this test, which checks what it receives by each
 * scheme's own rules; and the {@code ?body=exact} frame and {@code forwardSignatures} it relies on.
 */
class ListenIT extends AgainstDeployment {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "listen-token-0123456789";

    @TempDir
    Path temp;

    private Target target;
    private final List<Cli> clis = new ArrayList<>();

    @BeforeEach
    void startTarget() throws IOException {
        target = new Target();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Cli cli : clis) {
            cli.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        target.stop();
    }

    @Test
    void githubStripeAndStandardSignedHooksPassTheAppsOwnCheckWhenForwarded() throws Exception {
        byte[] body = "{ \"action\" :\"opened\",\t\"n\": 1.50 ,\"é\":\"\\u00e9\"}\r\n".getBytes(UTF_8);
        long now = Instant.now().getEpochSecond();

        String github = Hookcast.uniqueChannel("gh");
        String githubSecret = "gh-secret-" + UUID.randomUUID();
        configureSigned(github, "{\"scheme\":\"github\",\"secret\":\"" + githubSecret + "\"}");
        String delivery = UUID.randomUUID().toString();
        accepted(hookcast.post(github, "application/json", body, "X-GitHub-Event", "issues",
                "X-GitHub-Delivery", delivery, "User-Agent", "GitHub-Hookshot/0a1b2c",
                "X-Hub-Signature-256", "sha256=" + hex(hmacSha256(githubSecret.getBytes(UTF_8), body))));

        String stripe = Hookcast.uniqueChannel("stripe");
        String stripeSecret = "whsec_stripe" + UUID.randomUUID().toString().replace("-", "");
        configureSigned(stripe, "{\"scheme\":\"stripe\",\"secret\":\"" + stripeSecret + "\"}");
        accepted(hookcast.post(stripe, "application/json; charset=utf-8", body, "Stripe-Signature",
                "t=" + now + ",v1=" + hex(hmacSha256(stripeSecret.getBytes(UTF_8), concat((now + ".").getBytes(UTF_8), body)))));

        String standard = Hookcast.uniqueChannel("std");
        byte[] key = UUID.randomUUID().toString().getBytes(UTF_8);
        String standardSecret = "whsec_" + Base64.getEncoder().encodeToString(key);
        configureSigned(standard, "{\"scheme\":\"standard\",\"secret\":\"" + standardSecret + "\"}");
        String messageId = "msg_" + UUID.randomUUID();
        accepted(hookcast.post(standard, "application/json", body, "webhook-id", messageId,
                "webhook-timestamp", Long.toString(now), "webhook-signature", "v1," + Base64.getEncoder()
                        .encodeToString(hmacSha256(key, concat((messageId + "." + now + ".").getBytes(UTF_8), body)))));

        // Standard Webhooks with a key pair: the sender signs v1a (Ed25519), Hookcast and the app hold the public key
        String asymmetric = Hookcast.uniqueChannel("stdv1a");
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = pair.getPublic().getEncoded();
        String publicKey = "whpk_" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(der, der.length - 32,
                der.length));
        configureSigned(asymmetric, "{\"scheme\":\"standard\",\"secret\":\"" + publicKey + "\"}");
        String asymmetricId = "msg_" + UUID.randomUUID();
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(concat((asymmetricId + "." + now + ".").getBytes(UTF_8), body));
        accepted(hookcast.post(asymmetric, "application/json", body, "webhook-id", asymmetricId,
                "webhook-timestamp", Long.toString(now), "webhook-signature",
                "v1a," + Base64.getEncoder().encodeToString(signer.sign())));

        target.verify("/github", request -> request.header("x-hub-signature-256").equals(
                "sha256=" + hex(hmacSha256(githubSecret.getBytes(UTF_8), request.body))));
        target.verify("/stripe", request -> {
            String t = null;
            List<String> v1 = new ArrayList<>();
            for (String item : request.header("stripe-signature").split(",")) {
                if (item.startsWith("t=")) {
                    t = item.substring(2);
                } else if (item.startsWith("v1=")) {
                    v1.add(item.substring(3));
                }
            }
            return v1.contains(hex(hmacSha256(stripeSecret.getBytes(UTF_8), concat((t + ".").getBytes(UTF_8), request.body))));
        });
        target.verify("/standard", request -> {
            byte[] signed = concat((request.header("webhook-id") + "." + request.header("webhook-timestamp") + ".")
                    .getBytes(UTF_8), request.body);
            String expected = "v1," + Base64.getEncoder().encodeToString(hmacSha256(key, signed));
            return List.of(request.header("webhook-signature").split(" ")).contains(expected);
        });

        target.verify("/standard-v1a", request -> {
            try {
                java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
                verifier.initVerify(pair.getPublic());
                verifier.update(concat((request.header("webhook-id") + "." + request.header("webhook-timestamp") + ".")
                        .getBytes(UTF_8), request.body));
                String signature = request.header("webhook-signature");
                return signature.startsWith("v1a,") && verifier.verify(Base64.getDecoder().decode(signature.substring(4)));
            } catch (java.security.GeneralSecurityException e) {
                return false;
            }
        });

        for (String[] channel : new String[][] {{github, "/github"}, {stripe, "/stripe"}, {standard, "/standard"},
            {asymmetric, "/standard-v1a"}}) {
            listen(channel[0], channel[1], "--token", TOKEN, "--since", "0");
        }
        target.awaitCount(4);
        for (Received request : target.received()) {
            assertEquals(200, request.status, request.path + " failed its signature check: " + request.headers);
            assertEquals("POST", request.method);
            assertArrayEquals(body, request.body, request.path + ": the exact bytes");
            assertEquals("127.0.0.1:" + target.port(), request.header("host"), "Host is the target's");
            assertTrue(request.header("content-type").startsWith("application/json"), request.path);
        }
        Received fromGithub = target.received().stream().filter(r -> r.path.equals("/github")).findFirst().orElseThrow();
        assertEquals("issues", fromGithub.header("x-github-event"));
        assertEquals(delivery, fromGithub.header("x-github-delivery"));
        assertEquals("GitHub-Hookshot/0a1b2c", fromGithub.header("user-agent"));
        assertServerLogClean();
    }

    @Test
    void signatureHeadersNeedTheSettingAndTheToken() throws Exception {
        String channel = Hookcast.uniqueChannel("nosig");
        assertProblem(400, hookcast.configure(channel, "{\"forwardSignatures\":true}"));
        assertEquals(200, hookcast.configure(channel, "{\"subscriberToken\":\"" + TOKEN + "\"}").statusCode());
        assertEquals(false, Hookcast.json(hookcast.get("api/admin/channels/" + channel).body())
                .getBoolean("forwardSignatures"));
        accepted(hookcast.post(channel, "application/json", "{}".getBytes(UTF_8), "X-Hub-Signature-256", "sha256=00"));
        listen(channel, "/nosig", "--token", TOKEN, "--since", "0");
        target.awaitCount(1);
        Received request = target.received().get(0);
        assertEquals(null, request.header("x-hub-signature-256"), "without forwardSignatures, no signature header");
        assertArrayEquals("{}".getBytes(UTF_8), request.body);
        assertProblem(400, hookcast.configure(channel, "{\"forwardSignatures\":\"yes\"}"));
        assertEquals(true, Hookcast.json(hookcast.configure(channel, "{\"forwardSignatures\":true}").body())
                .getBoolean("forwardSignatures"));
        assertProblem(400, hookcast.configure(channel, "{\"subscriberToken\":null}"));
        HttpResponse<String> refused = hookcast.http().send(hookcast.request("ws/" + channel + "?body=base64")
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(400, refused);
    }

    @Test
    void killedAndRestartedMidStreamForwardsEveryHookExactlyOnce() throws Exception {
        String channel = Hookcast.uniqueChannel("restart");
        Path state = temp.resolve("restart.state");
        Cli first = listen(channel, "/restart", "--since", "0", "--state", state.toString());
        for (int n = 1; n <= 10; n++) {
            hookcast.postJson(channel, "{\"n\":" + n + "}");
        }
        target.awaitCount(4);
        // SIGTERM, as Ctrl-C: the hook in flight finishes, its state is saved (through the handle: Process.destroy
        // would also close the pipe of its output, and \"stopped\" would not be seen)
        first.process.toHandle().destroy();
        assertTrue(first.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the client stops");
        first.awaitLine("stopped");
        for (int n = 11; n <= 20; n++) {
            hookcast.postJson(channel, "{\"n\":" + n + "}");
        }
        Cli second = listen(channel, "/restart", "--state", state.toString());
        second.awaitLine("resuming after hook");
        target.awaitCount(20);
        for (int n = 21; n <= 25; n++) {
            hookcast.postJson(channel, "{\"n\":" + n + "}");
        }
        target.awaitCount(25);
        List<String> bodies = new ArrayList<>();
        for (Received request : target.received()) {
            bodies.add(new String(request.body, UTF_8));
        }
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 25; n++) {
            expected.add("{\"n\":" + n + "}");
        }
        assertEquals(expected, bodies, "every hook once, in order, across the restart");
        assertTrue(Files.readString(state).contains("last="), "the state file");
    }

    @Test
    void aTargetAnswering503ThreeTimesGetsTheHookOnceItRecoversAnd4xxIsSkipped() throws Exception {
        String channel = Hookcast.uniqueChannel("flaky");
        AtomicInteger failures = new AtomicInteger(3);
        target.answer("/flaky", request -> {
            if (new String(request.body, UTF_8).contains("refuse")) {
                return 422;
            }
            return failures.getAndDecrement() > 0 ? 503 : 200;
        });
        hookcast.postJson(channel, "{\"hook\":\"a\"}");
        hookcast.postJson(channel, "{\"hook\":\"refuse\"}");
        hookcast.postJson(channel, "{\"hook\":\"c\"}");
        Cli cli = listen(channel, "/flaky", "--since", "0");
        target.awaitCount(6);
        List<String> seen = new ArrayList<>();
        for (Received request : target.received()) {
            seen.add(new String(request.body, UTF_8) + " " + request.status);
        }
        assertEquals(List.of("{\"hook\":\"a\"} 503", "{\"hook\":\"a\"} 503", "{\"hook\":\"a\"} 503",
                "{\"hook\":\"a\"} 200", "{\"hook\":\"refuse\"} 422", "{\"hook\":\"c\"} 200"), seen);
        cli.awaitLine("skipped");
        cli.awaitLine("-> 503");
    }

    @Test
    void aReplayWithPurgedHooksIsReported() throws Exception {
        String channel = Hookcast.uniqueChannel("purged");
        hookcast.postJson(channel, "{\"old\":true}");
        HttpResponse<String> purge = hookcast.post("api/admin/purge?before=" + Instant.now().plusSeconds(1));
        assertEquals(200, purge.statusCode(), purge.body());
        hookcast.postJson(channel, "{\"old\":false}");
        Cli cli = listen(channel, "/purged", "--since", "0");
        target.awaitCount(1);
        cli.awaitLine("complete:false");
        assertEquals("{\"old\":false}", new String(target.received().get(0).body, UTF_8));
    }

    @Test
    void serverSentEventsResumeWithLastEventIdWithNoGapAndNoDuplicate() throws Exception {
        String channel = Hookcast.uniqueChannel("sse");
        assertEquals(200, hookcast.configure(channel, "{\"subscriberToken\":\"" + TOKEN + "\"}").statusCode());
        HttpResponse<String> noToken = hookcast.http().send(hookcast.request("sse/" + channel).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(401, noToken);
        assertEquals("Bearer realm=\"hookcast\"", noToken.headers().firstValue("WWW-Authenticate").orElse(null));
        assertProblem(400, hookcast.http().send(hookcast.request("sse/" + channel + "?access_token=" + TOKEN)
                .header("Last-Event-ID", "x1").build(), HttpResponse.BodyHandlers.ofString()));

        long a = hookcast.postJson(channel, "{\"sse\":\"a\"}");
        long b = hookcast.postJson(channel, "{\"sse\":\"b\"}");
        List<String> first = new ArrayList<>();
        try (EventStream stream = EventStream.open(hookcast, "sse/" + channel + "?since=0&access_token=" + TOKEN, null)) {
            first.add(stream.next());
            first.add(stream.next());
            first.add(stream.next());
            long c = hookcast.postJson(channel, "{\"sse\":\"c\"}");
            first.add(stream.next());
            assertEquals(List.of(a + " hook", b + " hook", "- replayed", c + " hook"), first);
        } // the connection drops, as a server or a network would drop it
        long d = hookcast.postJson(channel, "{\"sse\":\"d\"}");
        long e = hookcast.postJson(channel, "{\"sse\":\"e\"}");
        String lastEventId = first.get(3).split(" ")[0];
        try (EventStream stream = EventStream.open(hookcast, "sse/" + channel + "?access_token=" + TOKEN, lastEventId)) {
            List<String> second = new ArrayList<>();
            second.add(stream.next());
            second.add(stream.next());
            second.add(stream.next());
            long f = hookcast.postJson(channel, "{\"sse\":\"f\"}");
            second.add(stream.next());
            assertEquals(List.of(d + " hook", e + " hook", "- replayed", f + " hook"), second,
                    "after Last-Event-ID " + lastEventId + ": every later hook, once");
            assertTrue(stream.data.get(0).contains("\"payload\":{\"sse\":\"d\"}"), stream.data.get(0));
        }
        assertServerLogClean();
    }

    /** A Server-Sent Events stream read with the JDK's HTTP client: each event as "<id or -> <type>". */
    static final class EventStream implements AutoCloseable {

        private final java.util.stream.Stream<String> lines;
        private final java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        final List<String> data = new java.util.concurrent.CopyOnWriteArrayList<>();

        private EventStream(java.util.stream.Stream<String> lines) {
            this.lines = lines;
            Thread reader = new Thread(() -> {
                String id = "-";
                StringBuilder event = new StringBuilder();
                try {
                    for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                        String line = it.next();
                        if (line.startsWith("id:")) {
                            id = line.substring(3).strip();
                        } else if (line.startsWith("data:")) {
                            event.append(line.substring(5).strip());
                        } else if (line.isEmpty() && event.length() > 0) {
                            String text = event.toString();
                            data.add(text);
                            String type = Hookcast.json(text).getString("type");
                            events.add((type.equals("hook") ? id : "-") + " " + type);
                            event.setLength(0);
                            id = "-";
                        }
                    }
                } catch (RuntimeException closed) {
                    // the stream was closed
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static EventStream open(Hookcast hookcast, String path, String lastEventId) throws Exception {
            var request = hookcast.request(path).timeout(Duration.ofMinutes(5)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<java.util.stream.Stream<String>> response = hookcast.http().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            return new EventStream(response.body());
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + WAIT + "; had " + data);
            }
            return event;
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    /* ---- helpers ---- */

    private void configureSigned(String channel, String signing) throws Exception {
        HttpResponse<String> response = hookcast.configure(channel, "{\"signing\":" + signing
                + ",\"subscriberToken\":\"" + TOKEN + "\",\"forwardSignatures\":true}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(Hookcast.json(response.body()).getBoolean("forwardSignatures"));
    }

    private static void accepted(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
    }

    private Cli listen(String channel, String path, String... options) throws IOException {
        Path jar = Path.of(System.getProperty("hookcast.war")).resolveSibling("hookcast-cli.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "listen", hookcast.ws(channel).toString(),
                "--forward", "http://127.0.0.1:" + target.port() + path));
        if (!List.of(options).contains("--state")) {
            command.add("--state");
            command.add(temp.resolve(channel + ".state").toString());
        }
        command.addAll(List.of(options));
        Cli cli = new Cli(new ProcessBuilder(command).redirectErrorStream(true).start(), channel);
        clis.add(cli);
        return cli;
    }

    /** A {@code hookcast listen} process and the lines it printed. */
    static final class Cli {

        final Process process;
        private final List<String> lines = new ArrayList<>();

        Cli(Process process, String name) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        System.out.println("[listen " + name + "] " + line);
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "listen-output-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String part) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (lines) {
                while (lines.stream().noneMatch(line -> line.contains(part))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no line with \"" + part + "\" in " + lines);
                    }
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }
    }

    /** What the target received, and what it answered. */
    record Received(String method, String path, Headers headers, byte[] body, int status) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** The local app: records every request; answers by the path's rule (200 by default). */
    static final class Target {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final List<Received> received = new ArrayList<>();
        private final Map<String, Function<Received, Integer>> rules = new ConcurrentHashMap<>();

        Target() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void answer(String path, Function<Received, Integer> rule) {
            rules.put(path, rule);
        }

        /** 200 when the check passes, else 401. */
        void verify(String path, java.util.function.Predicate<Received> check) {
            answer(path, request -> {
                try {
                    return check.test(request) ? 200 : 401;
                } catch (RuntimeException e) {
                    return 401;
                }
            });
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Received request = new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body, 0);
            int status = rules.getOrDefault(path, r -> 200).apply(request);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            synchronized (received) {
                received.add(new Received(request.method, path, request.headers, body, status));
                received.notifyAll();
            }
        }

        List<Received> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        void awaitCount(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (received) {
                while (received.size() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("the target got " + received.size() + " requests, not " + count);
                    }
                    received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
