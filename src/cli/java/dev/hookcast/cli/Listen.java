package dev.hookcast.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code hookcast listen}: subscribes to a channel with {@code ?body=exact} and re-sends each
 * hook to a local app as the provider sent it. One hook at a time, in id order: the WebSocket
 * is asked for the next message only once the current hook is handled, so a target that is down
 * holds the stream back (the server may then close the session as a slow consumer; the client
 * reconnects with {@code since}). The id of the last hook handled is kept in a state file,
 * written (and synced) as soon as the target has answered.
 */
final class Listen {

    /** Never forwarded: hop-by-hop, and what the HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "http2-settings");
    /** The value the server shows in place of a credential (Authorization, X-Api-Key...): not forwarded either. */
    private static final String REDACTED = "[redacted]";
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** The command line. */
    record Options(URI url, String channel, URI forward, String token, Path state, Long since, Duration timeout) {

        static Options parse(String[] args, String tokenFromEnvironment) {
            String url = null;
            String forward = null;
            String token = tokenFromEnvironment;
            String state = null;
            Long since = null;
            long timeout = 30;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    if (url != null) {
                        throw new IllegalArgumentException("One WebSocket URL only: " + arg);
                    }
                    url = arg;
                    continue;
                }
                int eq = arg.indexOf('=');
                String name = eq > 0 ? arg.substring(0, eq) : arg;
                String value;
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(name + " needs a value.");
                }
                switch (name) {
                    case "--forward" -> forward = value;
                    case "--token" -> token = value;
                    case "--state" -> state = value;
                    case "--since" -> since = number(name, value);
                    case "--timeout" -> timeout = number(name, value);
                    default -> throw new IllegalArgumentException("Unknown option " + name + ".");
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("The channel's WebSocket URL is missing: ws://host:port/ws/<channel>.");
            }
            if (forward == null) {
                throw new IllegalArgumentException("--forward <http-url> is missing.");
            }
            URI ws = uri(url, "ws", "wss");
            URI target = uri(forward, "http", "https");
            String path = ws.getPath() == null ? "" : ws.getPath();
            String channel = path.substring(path.lastIndexOf('/') + 1);
            if (!path.contains("/ws/") || channel.isEmpty()) {
                throw new IllegalArgumentException("The WebSocket URL ends in /ws/<channel>: " + url);
            }
            if (timeout < 1) {
                throw new IllegalArgumentException("--timeout is at least 1 second.");
            }
            return new Options(ws, channel, target, token == null || token.isEmpty() ? null : token,
                    Path.of(state != null ? state : "hookcast-listen-" + channel + ".state"), since,
                    Duration.ofSeconds(timeout));
        }

        private static long number(String name, String value) {
            try {
                long number = Long.parseLong(value);
                if (number >= 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(name + " is a whole number, 0 or more: " + value);
        }

        private static URI uri(String value, String... schemes) {
            try {
                URI uri = new URI(value);
                for (String scheme : schemes) {
                    if (scheme.equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                        return uri;
                    }
                }
            } catch (URISyntaxException e) {
                // below
            }
            throw new IllegalArgumentException("Not a " + String.join(" or ", schemes) + " URL: " + value);
        }
    }

    /** Something the WebSocket delivered: a whole text message, or the end of the session. */
    private record Event(String text, String closed) {
    }

    /** Stop now: Ctrl-C. */
    private static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final Options options;
    private final PrintStream out;
    private final HttpClient http;
    private final Object lock = new Object();
    private boolean stopping;
    private boolean busy;
    private Thread main;
    /** The last hook forwarded (or skipped after a 4xx), -1 for none yet. */
    private long last = -1;

    Listen(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    int run() {
        main = Thread.currentThread();
        Thread hook = new Thread(this::stop, "hookcast-listen-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            last = loadState();
            if (last >= 0) {
                say("resuming after hook " + last + " (state " + options.state() + ")");
            }
            long backoff = FIRST_BACKOFF_MS;
            while (true) {
                long since = last >= 0 ? last : options.since() != null ? options.since() : -1;
                URI uri = subscription(since);
                LinkedBlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
                WebSocket socket;
                try {
                    socket = connect(uri, inbox);
                } catch (Refused e) {
                    say("refused by hookcast: " + e.getMessage());
                    return 1;
                } catch (IOException e) {
                    say("cannot reach hookcast at " + options.url() + " (" + describe(e) + "); retrying in "
                            + seconds(backoff));
                    pause(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    continue;
                }
                backoff = FIRST_BACKOFF_MS;
                say("listening on " + options.url() + (since >= 0 ? " after hook " + since : "")
                        + ", forwarding to " + options.forward());
                try {
                    String closed = session(socket, inbox);
                    say("connection to hookcast lost (" + closed + "); reconnecting"
                            + (last >= 0 ? " after hook " + last : "")
                            + (last < 0 && options.since() == null
                                    ? " (no hook forwarded yet: hooks sent meanwhile are not recovered; see --since)"
                                    : ""));
                } finally {
                    close(socket);
                }
                pause(FIRST_BACKOFF_MS);
            }
        } catch (Stopped | InterruptedException e) {
            say("stopped" + (last >= 0 ? "; last forwarded hook " + last + " (state " + options.state() + ")" : ""));
            return 0;
        } catch (IOException e) {
            say("failed: " + describe(e));
            return 1;
        } finally {
            synchronized (lock) {
                stopping = true;
                lock.notifyAll();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this thread
            }
        }
    }

    /** Ctrl-C: lets the hook in flight finish and its state be saved, else interrupts at once. */
    private void stop() {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            if (!busy) {
                main.interrupt();
            }
        }
        try {
            main.join(options.timeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says goodbye to the server if it still listens, briefly; then drops the connection. */
    private static void close(WebSocket socket) {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "stopped").get(1, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // going anyway
        } finally {
            socket.abort();
        }
    }

    private URI subscription(long since) {
        String base = options.url().toString();
        String query = "body=exact" + (since >= 0 ? "&since=" + since : "");
        return URI.create(base + (options.url().getRawQuery() == null ? "?" : "&") + query);
    }

    /** The server refused the subscription: retrying would not help. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private WebSocket connect(URI uri, LinkedBlockingQueue<Event> inbox) throws Refused, IOException, Stopped {
        checkStopping();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (options.token() != null) {
            builder.header("Authorization", "Bearer " + options.token());
        }
        CompletableFuture<WebSocket> opening = builder.buildAsync(uri, new WebSocket.Listener() {
            private StringBuilder parts = new StringBuilder();

            @Override
            public void onOpen(WebSocket socket) {
                socket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean lastPart) {
                parts.append(data);
                if (lastPart) {
                    inbox.add(new Event(parts.toString(), null));
                    parts = new StringBuilder();
                } else {
                    socket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                inbox.add(new Event(null, code + (reason == null || reason.isEmpty() ? "" : " " + reason)));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                inbox.add(new Event(null, describe(error)));
            }
        });
        try {
            return opening.get();
        } catch (InterruptedException e) {
            opening.cancel(true);
            throw new Stopped();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (cause instanceof WebSocketHandshakeException handshake) {
                int status = handshake.getResponse().statusCode();
                if (status == 400 || status == 401 || status == 403 || status == 404) {
                    Object body = handshake.getResponse().body();
                    throw new Refused(status + (status == 401 ? " (the channel needs its token: --token)" : "")
                            + (body instanceof String text && !text.isEmpty() ? ": " + text : ""));
                }
                throw new IOException("handshake answered " + status + " (" + handshake.getMessage() + ")");
            }
            throw cause instanceof IOException io ? io : new IOException(describe(cause), cause);
        }
    }

    /** Handles the session's messages until it ends; returns why it ended. */
    private String session(WebSocket socket, LinkedBlockingQueue<Event> inbox) throws Stopped, InterruptedException,
            IOException {
        while (true) {
            checkStopping();
            Event event = inbox.take();
            if (event.closed() != null) {
                return event.closed();
            }
            handle(event.text());
            socket.request(1);
        }
    }

    private void handle(String text) throws Stopped, InterruptedException, IOException {
        Map<?, ?> frame;
        try {
            frame = (Map<?, ?>) MiniJson.parse(text);
        } catch (RuntimeException e) {
            say("ignoring a message that is not a frame: " + e.getMessage());
            return;
        }
        Object type = frame.get("type");
        if ("replayed".equals(type)) {
            say("caught up: " + frame.get("count") + " hook(s) after hook " + frame.get("since"));
            if (Boolean.FALSE.equals(frame.get("complete"))) {
                say("WARNING: replayed complete:false: retention purged hooks after " + frame.get("since")
                        + " before they could be forwarded; they are lost");
            }
            return;
        }
        if ("hook".equals(type)) {
            forward(frame);
        }
    }

    private void forward(Map<?, ?> frame) throws Stopped, InterruptedException, IOException {
        long id = Long.parseLong(String.valueOf(frame.get("id")));
        boolean replay = Boolean.TRUE.equals(frame.get("replay"));
        if (id <= last && !replay) {
            return; // already forwarded
        }
        HttpRequest request = request(frame, id);
        long backoff = FIRST_BACKOFF_MS;
        String label = "hook " + id + (replay ? " (replay)" : "");
        while (true) {
            synchronized (lock) {
                if (stopping) {
                    throw new Stopped();
                }
                busy = true;
            }
            String failure = null;
            try {
                long started = System.nanoTime();
                int status;
                try {
                    status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (HttpTimeoutException e) {
                    status = -1;
                    failure = "no answer within " + options.timeout().toSeconds() + " s";
                } catch (ConnectException e) {
                    status = -1;
                    failure = "connection refused";
                } catch (IOException e) {
                    status = -1;
                    failure = describe(e);
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                if (status >= 200 && status < 300 || status >= 300 && status < 500) {
                    boolean delivered = status < 300;
                    say(label + "  -> " + status + "  " + ms + " ms" + (delivered ? "" : "  skipped: the app refused it"));
                    if (id > last) {
                        saveState(id);
                        last = id;
                    }
                    return;
                }
                if (status >= 500) {
                    failure = status + "  " + ms + " ms";
                }
            } finally {
                synchronized (lock) {
                    busy = false;
                }
            }
            say(label + "  -> " + failure + "; retrying in " + seconds(backoff));
            pause(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private HttpRequest request(Map<?, ?> frame, long id) {
        byte[] body;
        Object payload = frame.get("payload");
        if ("base64".equals(frame.get("encoding"))) {
            body = Base64.getDecoder().decode(String.valueOf(payload));
        } else {
            // a server that ignored body=exact: the text is the best that can be done
            say("hook " + id + ": the frame does not carry the exact body (encoding " + frame.get("encoding") + ")");
            body = String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(options.forward()).timeout(options.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        boolean typed = false;
        if (frame.get("headers") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> header : headers.entrySet()) {
                String name = String.valueOf(header.getKey()).toLowerCase(Locale.ROOT);
                if (NOT_FORWARDED.contains(name) || name.startsWith("proxy-")
                        || REDACTED.equals(header.getValue())) {
                    continue;
                }
                try {
                    request.header(name, String.valueOf(header.getValue()));
                    typed |= name.equals("content-type");
                } catch (IllegalArgumentException e) {
                    say("hook " + id + ": header " + name + " cannot be sent by the JDK's HTTP client; left out");
                }
            }
        }
        if (!typed && frame.get("contentType") instanceof String contentType) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    private long loadState() throws IOException {
        if (!Files.exists(options.state())) {
            return -1;
        }
        Properties state = new Properties();
        try (var in = Files.newInputStream(options.state())) {
            state.load(in);
        }
        String value = state.getProperty("last");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException("the state file " + options.state() + " is damaged: last=" + value);
        }
    }

    /** Writes the state file anew, synced to disk, then moves it in place: never half written. */
    private void saveState(long id) throws IOException {
        Path file = options.state().toAbsolutePath();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        String text = "# hookcast listen: the last hook forwarded; delete this file to start afresh\n"
                + "url=" + options.url() + "\nlast=" + id + "\n";
        try (FileOutputStream stream = new FileOutputStream(temporary.toFile())) {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.getFD().sync();
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void pause(long ms) throws Stopped {
        checkStopping();
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    private void checkStopping() throws Stopped {
        synchronized (lock) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new Stopped();
            }
        }
    }

    private void say(String line) {
        out.println(LocalTime.now().format(TIME) + "  " + line);
        out.flush();
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    private static String describe(Throwable e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
