package dev.hookcast.it;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A real WebSocket subscriber (the JDK's client) that records every frame it receives.
 * Waits are on a monitor with a deadline, never on sleeps.
 */
public final class TestSubscriber implements WebSocket.Listener {

    private final List<JsonObject> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final boolean reading;
    private final List<Integer> messageLines = new ArrayList<>();
    private int largestBatch;
    private WebSocket socket;

    private TestSubscriber(boolean reading) {
        this.reading = reading;
    }

    /** Connects and returns once the upgrade response has arrived. */
    public static TestSubscriber connect(HttpClient http, URI ws) throws Exception {
        return connect(http, ws, true);
    }

    /** With {@code reading} false the client never reads its socket (until {@link #startReading()}). */
    public static TestSubscriber connect(HttpClient http, URI ws, boolean reading) throws Exception {
        TestSubscriber subscriber = new TestSubscriber(reading);
        subscriber.socket = http.newWebSocketBuilder().buildAsync(ws, subscriber).get(20, TimeUnit.SECONDS);
        return subscriber;
    }

    /** Connects offering the subprotocols given (such as {@code hookcast.batch}); see {@link #subprotocol}. */
    public static TestSubscriber connectOffering(HttpClient http, URI ws, String... subprotocols) throws Exception {
        TestSubscriber subscriber = new TestSubscriber(true);
        subscriber.socket = http.newWebSocketBuilder().subprotocols(subprotocols[0],
                Arrays.copyOfRange(subprotocols, 1, subprotocols.length)).buildAsync(ws, subscriber)
                .get(20, TimeUnit.SECONDS);
        return subscriber;
    }

    /** The subprotocol the server chose, "" if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** How many frames each message held, in arrival order. */
    public synchronized List<Integer> messageLines() {
        return new ArrayList<>(messageLines);
    }

    /** The largest message of more than one frame received, in UTF-8 bytes. */
    public synchronized int largestBatch() {
        return largestBatch;
    }

    /** Connects with one extra handshake header, such as {@code Authorization}. */
    public static TestSubscriber connectWithHeader(HttpClient http, URI ws, String name, String value)
            throws Exception {
        TestSubscriber subscriber = new TestSubscriber(true);
        subscriber.socket = http.newWebSocketBuilder().header(name, value).buildAsync(ws, subscriber)
                .get(20, TimeUnit.SECONDS);
        return subscriber;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partial.append(data);
            if (last) {
                // a batching subscriber's message holds one frame per line; a plain one's, one frame
                String[] lines = partial.toString().split("\n", -1);
                for (String line : lines) {
                    try (JsonReader reader = Json.createReader(new StringReader(line))) {
                        frames.add(reader.readObject());
                    }
                }
                messageLines.add(lines.length);
                if (lines.length > 1) {
                    largestBatch = Math.max(largestBatch, partial.toString().getBytes(StandardCharsets.UTF_8).length);
                }
                partial.setLength(0);
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null; // the JDK client answers with a pong itself
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        synchronized (this) {
            notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(1006);
        synchronized (this) {
            notifyAll();
        }
    }

    public WebSocket socket() {
        return socket;
    }

    public void startReading() {
        socket.request(Long.MAX_VALUE);
    }

    /** Closes the TCP connection with no close frame, as a crashed client would. */
    public void abort() {
        socket.abort();
    }

    /** Waits until {@code count} frames have arrived; returns them. Fails at the deadline. */
    public synchronized List<JsonObject> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed.isDone()) {
                throw new AssertionError("expected " + count + " frames, got " + frames.size()
                        + (closed.isDone() ? " (closed with " + closed.getNow(null) + ")" : " before the deadline"));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return new ArrayList<>(frames);
    }

    /** Waits until the hook frames received include every one of {@code ids}; returns all hook ids received. */
    public synchronized List<Long> awaitHookIds(Collection<Long> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hookIds().containsAll(ids)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed.isDone()) {
                List<Long> missing = new ArrayList<>(ids);
                missing.removeAll(hookIds());
                throw new AssertionError(missing.size() + " of " + ids.size() + " hooks did not arrive"
                        + (closed.isDone() ? " (closed with " + closed.getNow(null) + ")" : " before the deadline")
                        + ", e.g. " + missing.subList(0, Math.min(5, missing.size())));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return hookIds();
    }

    public synchronized List<JsonObject> frames() {
        return new ArrayList<>(frames);
    }

    /** The ids of the hook frames received, in arrival order. */
    public synchronized List<Long> hookIds() {
        List<Long> ids = new ArrayList<>();
        for (JsonObject frame : frames) {
            if ("hook".equals(frame.getString("type"))) {
                ids.add(Long.parseLong(frame.getString("id")));
            }
        }
        return ids;
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int closeCode(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }
}
