package dev.hookcast.it;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** The deployed Hookcast, seen as its users see it: over HTTP and WebSockets. */
public final class Hookcast {

    /** The admin password the tests set (arquillian.xml, MicroProcess): {@code -Dhookcast.admin.password}. */
    public static final String ADMIN_PASSWORD = "test-admin-secret";
    public static final String ADMIN_AUTHORIZATION = basic("admin", ADMIN_PASSWORD);

    private final URI base;
    /** HTTP/1.1, as webhook senders speak it (Hookcast does not offer cleartext HTTP/2). */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public Hookcast(URL base) {
        this(URI.create(base.toString().endsWith("/") ? base.toString() : base + "/"));
    }

    public Hookcast(URI base) {
        this.base = base;
    }

    public static String uniqueChannel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public HttpClient http() {
        return http;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public URI ws(String channel) {
        return URI.create(base.toString().replaceFirst("^http", "ws")).resolve("ws/" + channel);
    }

    public TestSubscriber subscribe(String channel) throws Exception {
        return TestSubscriber.connect(http, ws(channel));
    }

    public HttpResponse<String> post(String channel, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "hooks/" + channel))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a JSON body and returns the accepted hook's id; fails unless the answer is 202. */
    public long postJson(String channel, String json) throws Exception {
        HttpResponse<String> response = post(channel, "application/json", json.getBytes());
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(json(response.body()).getString("id"));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs with no body (an admin action such as {@code api/admin/purge?before=}). */
    public HttpResponse<String> post(String path) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code PUT /api/admin/channels/{name}} with a JSON body; returns the answer. */
    public HttpResponse<String> configure(String channel, String json) throws Exception {
        return http.send(request("api/admin/channels/" + channel)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code path}, with the admin's Basic credentials when it is under {@code api/admin/}. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (path.startsWith("api/admin/")) {
            request.header("Authorization", ADMIN_AUTHORIZATION);
        }
        return request;
    }

    /** An {@code Authorization} header value for HTTP Basic. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** How many subscribers the server's registry holds for the channel. */
    public int subscriberCount(String channel) throws Exception {
        HttpResponse<String> response = get("api/admin/subscribers?channel=" + channel);
        if (response.statusCode() != 200) {
            throw new AssertionError("subscriber list answered " + response.statusCode());
        }
        return json(response.body()).getJsonArray("items").size();
    }

    /** Waits, polling the admin API against a deadline, until the registry holds {@code count}. */
    public void awaitSubscriberCount(String channel, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int now;
        while ((now = subscriberCount(channel)) != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("registry of " + channel + " holds " + now + ", expected " + count);
            }
            Thread.onSpinWait();
        }
    }

    public static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
