package dev.hookcast.bench;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hookcast's benchmark: a plain main class (JDK only) run against a Hookcast that is already
 * running on this machine. See BENCHMARKS.md for the command and the scenarios:
 *
 * <pre>
 * fanout      --subscribers S --hooks M --senders N --size BYTES
 * latency     --subscribers S --rate HOOKS_PER_S --seconds T --size BYTES --warmup SECONDS
 * connections --count C --channels K --parallel P --hold SECONDS --server-pid PID
 * ingest      --senders N --hooks M --size BYTES
 * common      --base URL (default http://localhost:8080, loopback only) --timeout SECONDS
 *             --batch (subscribers offer the hookcast.batch subprotocol; every line of a message is a hook)
 *             --target nchan (drive an Nchan peer instead: POST /pub/{channel}, subscribe ws://.../sub/{channel})
 *             --subscribe-base URL (subscribers connect there: another instance, for fan-out across instances)
 * </pre>
 *
 * Every loop is bounded in count and time and every wait has a deadline. The exit code is 0 when
 * the run passed, 1 when something failed (lost, duplicated or reordered frames, refused POSTs,
 * failed connections, timeouts) and 2 on a usage error or an unreachable server.
 */
public final class Benchmark implements AutoCloseable {

    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;
    private static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private static final String USAGE = String.join("\n",
            "usage: Benchmark [--base URL] [--timeout SECONDS] SCENARIO [options]",
            "  fanout      [--subscribers 100] [--hooks 2000] [--senders 16] [--size 1024]",
            "  latency     [--subscribers 100] [--rate 500] [--seconds 10] [--size 1024] [--warmup 0]",
            "              (--warmup: the same load for that long on another channel first, not measured)",
            "  connections [--count 10000] [--channels 100] [--parallel 200] [--hold 0] [--server-pid PID]",
            "              (--server-pid: the server's heap after GC and RSS are read before and with the connections open)",
            "  ingest      [--senders 64] [--hooks 20000] [--size 1024]",
            "  replay      [--hooks 100000] [--senders 64] [--size 1024]   (fills a channel, then times since=<first-1>)",
            "--batch (fanout, latency): subscribers offer the WebSocket subprotocol hookcast.batch and count every"
                    + " line of a message as one hook.",
            "--target nchan (fanout, latency, ingest): drive an Nchan peer with the same client: POST {base}/pub/{channel},"
                    + " subscribe {base}/sub/{channel}; ids are the client's (the body carries them).",
            "--base defaults to http://localhost:8080 and must be a loopback address"
                    + " (localhost, 127.x.y.z, [::1]).",
            "--subscribe-base (default: --base) is where subscribers connect: another instance measures"
                    + " fan-out across instances.",
            "--timeout bounds the whole scenario (default 300 s); waits for frames also give up after 15 s"
                    + " without progress.");

    /** Waiting for frames gives up after this long without a new frame. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the server's own answer deadline (30 s): a hook the server gives up on shows as its 503, not as silence. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final URI wsBase;
    private final Options options;
    private final long deadline;
    private final ExecutorService clientExecutor;
    private final HttpClient http;
    /** Every subscriber's socket: one selector thread, frames parsed in place (the JDK's client cost ~45 µs a frame). */
    private final RawWebSocket ws;
    /** Subscribers offer hookcast.batch and split each message into lines. */
    private final boolean batch;
    /** The peer is Nchan: /pub and /sub, the body carries a client-assigned id, the frame is the body. */
    private final boolean nchan;
    private boolean failed;

    private Benchmark(URI base, URI subscribeBase, Options options, long timeoutSeconds) throws java.io.IOException {
        this.base = base;
        this.wsBase = URI.create("ws" + subscribeBase.toString().substring(subscribeBase.getScheme().length()));
        this.options = options;
        this.batch = options.values.containsKey("batch");
        this.nchan = "nchan".equals(options.string("target", "hookcast"));
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        // One HTTP client for the POSTs (its connection pool); a small fixed pool runs its callbacks.
        // The WebSocket subscribers use RawWebSocket's own selector thread.
        this.clientExecutor = Executors.newFixedThreadPool(
                Math.max(4, Runtime.getRuntime().availableProcessors() * 2), daemon("bench-client"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // Hookcast does not accept h2c upgrades
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(clientExecutor)
                .build();
        this.ws = new RawWebSocket("bench-ws");
    }

    public static void main(String[] args) {
        // The JDK's HttpClient hands every response to CompletableFuture's default executor, which
        // on a machine of 2 CPUs (common pool parallelism 1) starts a new thread per task: one
        // thread created per POST. Two pool threads instead, before CompletableFuture is first used.
        if (System.getProperty(COMMON_PARALLELISM) == null) {
            System.setProperty(COMMON_PARALLELISM, "2");
        }
        int code;
        try {
            code = run(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            code = EXIT_USAGE;
        } catch (Throwable e) {
            System.err.println("error: benchmark aborted: " + e);
            e.printStackTrace();
            code = EXIT_FAILED;
        }
        System.out.flush();
        System.exit(code); // also ends the client's threads (and exec:java) at once
    }

    /** Runs one scenario, printing its figures on standard output; returns the exit code. */
    public static int run(String... args) throws Exception {
        Options options = Options.parse(args);
        if (options.scenario == null) {
            throw new UsageException("no scenario given");
        }
        options.checkKnown(switch (options.scenario) {
            case "fanout" -> List.of("subscribers", "hooks", "senders", "size");
            case "latency" -> List.of("subscribers", "rate", "seconds", "size", "warmup");
            case "connections" -> List.of("count", "channels", "parallel", "hold", "server-pid");
            case "ingest" -> List.of("senders", "hooks", "size");
            case "replay" -> List.of("senders", "hooks", "size");
            default -> throw new UsageException("unknown scenario " + options.scenario);
        });
        String target = options.string("target", "hookcast");
        if (!target.equals("hookcast") && !target.equals("nchan")) {
            throw new UsageException("--target must be hookcast or nchan: " + target);
        }
        if (target.equals("nchan") && !List.of("fanout", "latency", "ingest").contains(options.scenario)) {
            throw new UsageException("--target nchan runs fanout, latency and ingest only");
        }
        if (options.values.containsKey("batch")) {
            if (!List.of("fanout", "latency").contains(options.scenario)) {
                throw new UsageException("--batch applies to fanout and latency only");
            }
            if (target.equals("nchan")) {
                throw new UsageException("--batch is Hookcast's subprotocol: not with --target nchan");
            }
        }
        URI base = loopbackBase(options.string("base", "http://localhost:8080"));
        URI subscribeBase = loopbackBase(options.string("subscribe-base", base.toString()));
        long timeout = options.positive("timeout", 300);
        URI socketBase = options.scenario.equals("replay") ? base : subscribeBase;
        if (!options.scenario.equals("ingest") && "https".equals(socketBase.getScheme())) {
            throw new UsageException("the benchmark's WebSocket client speaks ws:// only: use an http:// base");
        }
        try (Benchmark bench = new Benchmark(base, subscribeBase, options, timeout)) {
            if (!bench.reachable()) {
                return EXIT_USAGE;
            }
            long started = System.nanoTime();
            switch (options.scenario) {
                case "fanout" -> bench.fanout();
                case "latency" -> bench.latency();
                case "connections" -> bench.connections();
                case "ingest" -> bench.ingest();
                case "replay" -> bench.replay();
                default -> throw new IllegalStateException(options.scenario);
            }
            bench.line("total time", seconds(System.nanoTime() - started) + " s");
            bench.line("RESULT", bench.failed ? "FAIL" : "PASS");
            return bench.failed ? EXIT_FAILED : 0;
        }
    }

    @Override
    public void close() {
        ws.close();
        clientExecutor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------
    // Scenarios

    /** S subscribers on one fresh channel, then M hooks posted as fast as N senders can. */
    private void fanout() throws Exception {
        int subscribers = options.positive("subscribers", 100);
        int hooks = options.positive("hooks", 2000);
        int senders = options.positive("senders", 16);
        int size = options.positive("size", 1024);
        String channel = freshChannel();
        header("fanout", channel);
        line("subscribers", subscribers + (batch ? " (hookcast.batch)" : ""));
        line("hooks", hooks + " x " + size + " B JSON, " + senders + " concurrent senders");

        List<Subscriber> subs = subscribe(channel, subscribers, 0);
        if (subs.size() < subscribers) {
            fail("only " + subs.size() + " of " + subscribers + " subscribers connected");
        }
        long firstPost = System.nanoTime();
        PostResults posts = postConcurrently(channel, hooks, senders, size);
        long lastAccepted = posts.lastDone;
        Delivery delivery = awaitDeliveries(subs, posts.ids());
        closeAll(subs);

        reportPosts(posts, firstPost, lastAccepted);
        double span = seconds(delivery.lastFrame - firstPost);
        line("deliveries", delivery.frames + " frames, "
                + rate(delivery.frames, delivery.lastFrame - firstPost) + " deliveries/s (expected "
                + (long) subs.size() * posts.accepted() + "; " + span + " s from first POST to last frame)");
        reportDelivery(delivery);
    }

    /** Hooks at a fixed rate to S subscribers; each body carries its send time. */
    private void latency() throws Exception {
        int subscribers = options.positive("subscribers", 100);
        int rate = options.positive("rate", 500);
        int secondsToRun = options.positive("seconds", 10);
        int size = options.positive("size", 1024);
        int warmup = options.nonNegative("warmup", 0, 3600);
        int hooks = Math.multiplyExact(rate, secondsToRun);
        String channel = freshChannel();
        header("latency", channel);
        line("subscribers", subscribers + (batch ? " (hookcast.batch)" : ""));
        line("hooks", hooks + " x " + size + " B JSON at " + rate + "/s for " + secondsToRun + " s");
        if (warmup > 0) {
            // The same load on another channel with its own subscribers, first: both processes'
            // JIT compilers and pools reach their steady state before anything is measured.
            String warmChannel = freshChannel();
            Paced warm = paced(warmChannel, subscribers, rate, Math.multiplyExact(rate, warmup), size);
            if (warm == null) {
                return;
            }
            Delivery d = warm.delivery;
            line("warm-up", warm.posts.accepted() + " hooks at " + rate + "/s for " + warmup + " s on " + warmChannel
                    + ", delivery " + percentiles(d.latencies) + " (not counted below)");
            if (!d.passed()) {
                fail("warm-up: delivery check failed (lost " + d.lost + ", duplicates " + d.duplicates
                        + ", out-of-order " + d.outOfOrder + ", unexpected " + d.unexpected + ", closed " + d.closeCodes + ")");
            }
            if (failed) {
                return;
            }
        }
        Paced run = paced(channel, subscribers, rate, hooks, size);
        if (run == null) {
            return;
        }
        line("paced sends", run.sent + " in " + seconds(run.sendEnd - run.start) + " s ("
                + rate(run.sent, run.sendEnd - run.start) + "/s), " + run.late + " started > 1 ms late (at most "
                + ms(run.maxLate) + " ms)");
        reportPosts(run.posts, run.start, run.posts.lastDone);
        Delivery delivery = run.delivery;
        line("deliveries", delivery.frames + " frames (expected " + (long) subscribers * run.posts.accepted() + ")");
        line("delivery latency", "ms over " + delivery.latencies.length
                + " deliveries (frame received - POST start): " + percentiles(delivery.latencies));
        line("slowest seconds", slowestSeconds(delivery, run.start, 5));
        reportDelivery(delivery);
    }

    /** What one paced run saw: its POSTs, its deliveries, and the pacer's own timing. */
    private record Paced(PostResults posts, Delivery delivery, int sent, long start, long sendEnd, int late,
            long maxLate) {
    }

    /**
     * Subscribes {@code subscribers} to {@code channel}, then posts {@code hooks} hooks at
     * {@code rate} per second (open loop) and waits for their frames; null (and failed) when the
     * subscribers could not all connect.
     */
    private Paced paced(String channel, int subscribers, int rate, int hooks, int size) throws Exception {
        List<Subscriber> subs = subscribe(channel, subscribers, hooks);
        if (subs.size() < subscribers) {
            fail("only " + subs.size() + " of " + subscribers + " subscribers connected");
            closeAll(subs);
            return null;
        }
        URI uri = hookUri(channel);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        int maxInFlight = 512;
        Semaphore inFlight = new Semaphore(maxInFlight);
        PostResults posts = new PostResults(hooks, nchan);
        int late = 0;
        long maxLate = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        int sent = 0;
        // Open loop: send i is due at start + i * period whatever happened to the earlier ones.
        // A send more than 1 ms late (pacing thread or in-flight bound) is counted as late.
        for (int i = 0; i < hooks; i++) {
            long due = start + i * period;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire(remainingNanos(), TimeUnit.NANOSECONDS)) {
                fail("timed out waiting for POSTs in flight");
                break;
            }
            long t = System.nanoTime();
            if (t - due > TimeUnit.MILLISECONDS.toNanos(1)) {
                late++;
            }
            maxLate = Math.max(maxLate, t - due);
            int index = i;
            http.sendAsync(post(uri, body(i, t, size)), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        posts.record(index, t, System.nanoTime(), response, error);
                        inFlight.release();
                    });
            sent++;
            if (remainingNanos() <= 0) {
                fail("scenario timed out while sending");
                break;
            }
        }
        long sendEnd = System.nanoTime();
        if (!inFlight.tryAcquire(maxInFlight, Math.max(0, remainingNanos()), TimeUnit.NANOSECONDS)) {
            fail("timed out waiting for the last POSTs to answer");
        }
        posts.sent = sent;
        Delivery delivery = awaitDeliveries(subs, posts.ids());
        closeAll(subs);
        return new Paced(posts, delivery, sent, start, sendEnd, late, maxLate);
    }

    /** C idle subscribers over K channels, then one hook per channel that each must receive. */
    private void connections() throws Exception {
        int count = options.positive("count", 10000);
        int channels = options.positive("channels", 100);
        int parallel = options.positive("parallel", 200);
        int hold = options.nonNegative("hold", 0, 600);
        String prefix = freshChannel();
        header("connections", prefix + "-{0.." + (channels - 1) + "}");
        int serverPid = options.nonNegative("server-pid", 0, Integer.MAX_VALUE);
        line("connections", count + " over " + channels + " channels, " + parallel + " handshakes in flight");
        ServerMemory before = null;
        if (serverPid > 0) {
            before = ServerMemory.of(serverPid);
            line("server before", before.heapUsedKib() + " KiB heap after GC, " + before.rssKib() + " KiB RSS");
        } else {
            System.out.println("operator: read the server's RSS (KiB) now, before the connections open:"
                    + " ps -o rss= -p <pid of the Payara Micro java process>; or give --server-pid");
        }

        Idle[] sockets = new Idle[count];
        Semaphore handshakes = new Semaphore(parallel);
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Map<String, AtomicInteger> errors = new TreeMap<>();
        long start = System.nanoTime();
        boolean timedOut = false;
        for (int i = 0; i < count; i++) {
            if (!handshakes.tryAcquire(remainingNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                break;
            }
            Idle idle = new Idle();
            sockets[i] = idle;
            ws.connect(wsUri(prefix + "-" + (i % channels)), HANDSHAKE_TIMEOUT, idle)
                    .whenComplete((socket, error) -> {
                        if (error == null) {
                            idle.socket = socket;
                            connected.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                            synchronized (errors) {
                                errors.computeIfAbsent(describe(error), k -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                        handshakes.release();
                    });
        }
        if (timedOut || !handshakes.tryAcquire(parallel, remainingNanos(), TimeUnit.NANOSECONDS)) {
            fail("timed out opening connections");
        }
        long connectTime = System.nanoTime() - start;
        line("connected", connected.get() + " of " + count + " in " + seconds(connectTime) + " s ("
                + rate(connected.get(), connectTime) + " handshakes/s), " + refused.get() + " failed");
        errors.forEach((error, n) -> line("  connect error", n + " x " + error));
        if (connected.get() < count) {
            fail(count - connected.get() + " connections failed");
        }

        long postStart = System.nanoTime();
        int accepted = 0;
        for (int c = 0; c < channels && remainingNanos() > 0; c++) {
            HttpResponse<String> response = http.send(post(hookUri(prefix + "-" + c), filler(64)),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                fail("POST to channel " + c + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        line("hooks posted", accepted + " of " + channels + " accepted");

        // Wait until every open connection has its frame (or nothing moves for IDLE_NANOS).
        long lastProgress = System.nanoTime();
        int got = 0;
        while (true) {
            int now = 0;
            int open = 0;
            for (Idle idle : sockets) {
                if (idle != null && idle.socket != null) {
                    open++;
                    if (idle.frames > 0) {
                        now++;
                    }
                }
            }
            if (now != got) {
                got = now;
                lastProgress = System.nanoTime();
            }
            if (got >= open || remainingNanos() <= 0 || System.nanoTime() - lastProgress > IDLE_NANOS) {
                break;
            }
            Thread.sleep(20);
        }
        long deliveryTime = System.nanoTime() - postStart;
        int extra = 0;
        int closedEarly = 0;
        Map<Integer, Integer> closeCodes = new TreeMap<>();
        for (Idle idle : sockets) {
            if (idle != null && idle.socket != null) {
                if (idle.frames > 1) {
                    extra++;
                }
                if (idle.closeCode != 0) {
                    closedEarly++;
                    closeCodes.merge(idle.closeCode, 1, Integer::sum);
                }
            }
        }
        line("got their hook", got + " of " + connected.get() + " connections, "
                + seconds(deliveryTime) + " s after the first POST");
        line("more than one frame", extra);
        line("closed by server", closedEarly + (closeCodes.isEmpty() ? "" : " " + closeCodes));
        if (got < connected.get()) {
            fail((connected.get() - got) + " connections did not get their hook");
        }
        if (extra > 0 || closedEarly > 0) {
            fail("unexpected frames or closes");
        }
        if (before != null) {
            ServerMemory open = ServerMemory.of(serverPid);
            line("server with them open", open.heapUsedKib() + " KiB heap after GC, " + open.rssKib() + " KiB RSS");
            int n = Math.max(1, connected.get());
            line("per connection", String.format(Locale.ROOT, "%.1f KiB heap, %.1f KiB RSS",
                    (open.heapUsedKib() - before.heapUsedKib()) / (double) n, (open.rssKib() - before.rssKib()) / (double) n));
        }
        if (hold > 0) {
            System.out.println("operator: " + got + " connections are open for " + hold
                    + " s: read the server's RSS again now (ps -o rss= -p <pid>)");
            System.out.flush();
            Thread.sleep(Math.min(TimeUnit.SECONDS.toMillis(hold), Math.max(0, remainingNanos() / 1_000_000)));
        } else {
            System.out.println("operator: add --hold 30 to keep the connections open while you read the RSS");
        }
        long closeStart = System.nanoTime();
        List<RawWebSocket.Socket> open = new ArrayList<>();
        for (Idle idle : sockets) {
            if (idle != null && idle.socket != null) {
                open.add(idle.socket);
            }
        }
        closeSockets(open);
        line("closed", open.size() + " in " + seconds(System.nanoTime() - closeStart) + " s");
    }

    /** No subscribers: N senders post M hooks as fast as the server acknowledges them. */
    private void ingest() throws Exception {
        int senders = options.positive("senders", 64);
        int hooks = options.positive("hooks", 20000);
        int size = options.positive("size", 1024);
        String channel = freshChannel();
        header("ingest", channel);
        line("hooks", hooks + " x " + size + " B JSON, " + senders + " concurrent senders, no subscribers");
        long start = System.nanoTime();
        PostResults posts = postConcurrently(channel, hooks, senders, size);
        reportPosts(posts, start, posts.lastDone);
        long[] ids = posts.ids();
        if (ids.length > 0) {
            line("ids", ids[0] + " .. " + ids[ids.length - 1] + (distinct(ids) == ids.length ? ", all distinct"
                    : ", " + (ids.length - distinct(ids)) + " DUPLICATE ids"));
            if (distinct(ids) != ids.length) {
                fail("duplicate ids in 202 answers");
            }
        }
    }

    /** Fills a fresh channel, then times one subscriber's catch-up with since: every hook, in order, then "replayed". */
    private void replay() throws Exception {
        int hooks = options.positive("hooks", 100_000);
        int senders = options.positive("senders", 64);
        int size = options.positive("size", 1024);
        String channel = freshChannel();
        header("replay", channel);
        long fillStart = System.nanoTime();
        PostResults posts = postConcurrently(channel, hooks, senders, size);
        reportPosts(posts, fillStart, posts.lastDone);
        long[] ids = posts.ids();
        if (ids.length != hooks) {
            fail("the channel was not filled");
            return;
        }
        long since = ids[0] - 1;
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] seen = new long[3]; // count, last id, out of order
        long start = System.nanoTime();
        RawWebSocket.Socket socket = ws.connect(URI.create(hookUri(channel).toString().replaceFirst("^http", "ws")
                .replace("/hooks/", "/ws/") + "?since=" + since), HANDSHAKE_TIMEOUT, new RawWebSocket.Handler() {
                    @Override
                    public void text(byte[] buf, int off, int len, long now) {
                        if (startsWith(buf, off, len, HOOK_PREFIX)) {
                            long id = idOf(buf, off, off + len);
                            if (id <= seen[1]) {
                                seen[2]++;
                            }
                            seen[1] = id;
                            seen[0]++;
                        } else if (startsWith(buf, off, len, REPLAYED_PREFIX)) {
                            done.complete(new long[] {seen[0], seen[2], System.nanoTime()});
                        }
                    }

                    @Override
                    public void closed(int code) {
                        // as before: a socket closed before "replayed" leaves the wait to the deadline
                    }
                }).get(HANDSHAKE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long[] result = done.get(Math.max(1, remainingNanos()), TimeUnit.NANOSECONDS);
        socket.abort();
        long took = result[2] - start;
        line("replayed", result[0] + " hooks (since " + since + ") in " + seconds(took) + " s: "
                + rate(result[0], took) + " hooks/s, " + result[1] + " out of order");
        if (result[0] != hooks || result[1] != 0) {
            fail("replay sent " + result[0] + " of " + hooks + " hooks, " + result[1] + " out of order");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Posting

    /** M POSTs by N threads, each sending synchronously one after the other. */
    private PostResults postConcurrently(String channel, int hooks, int senders, int size) throws Exception {
        URI uri = hookUri(channel);
        PostResults posts = new PostResults(hooks, nchan);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders, daemon("bench-sender"));
        try {
            for (int s = 0; s < senders; s++) {
                pool.execute(() -> {
                    for (int i; (i = next.getAndIncrement()) < hooks && remainingNanos() > 0; ) {
                        long t = System.nanoTime();
                        HttpResponse<String> response = null;
                        Throwable error = null;
                        try {
                            response = http.send(post(uri, body(i, t, size)), HttpResponse.BodyHandlers.ofString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            error = e;
                        }
                        posts.record(i, t, System.nanoTime(), response, error);
                        posts.sentCount.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(0, remainingNanos()) + TimeUnit.SECONDS.toNanos(1),
                    TimeUnit.NANOSECONDS)) {
                fail("timed out waiting for the senders");
            }
        } finally {
            pool.shutdownNow();
        }
        posts.sent = posts.sentCount.get();
        if (posts.sent < hooks) {
            fail("only " + posts.sent + " of " + hooks + " hooks were sent before the deadline");
        }
        return posts;
    }

    private void reportPosts(PostResults posts, long start, long end) {
        int accepted = posts.accepted();
        line("accepted", accepted + " of " + posts.sent + " POSTs answered 202 in " + seconds(end - start)
                + " s: " + rate(accepted, end - start) + " hooks/s");
        posts.failures.forEach((what, n) -> line("  POST failure", n + " x " + what));
        line("POST latency", "ms: " + percentiles(posts.latencies()));
        if (accepted < posts.sent) {
            fail((posts.sent - accepted) + " POSTs were not accepted");
        }
    }

    private HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** {@code {"t":<nanoTime>,"pad":"xxx..."}}, about {@code size} bytes. */
    private static String timedBody(long t, int size) {
        String head = "{\"t\":" + t + ",\"pad\":\"";
        int pad = Math.max(0, size - head.length() - 2);
        StringBuilder body = new StringBuilder(head.length() + pad + 2).append(head);
        for (int i = 0; i < pad; i++) {
            body.append((char) ('a' + i % 26));
        }
        return body.append("\"}").toString();
    }

    /**
     * The body of POST {@code index}: for Hookcast {@link #timedBody}; for Nchan, which passes the
     * body through as the frame, a hook-like envelope around it carrying a client-assigned id
     * ({@code index + 1}), so that the same checks read it.
     */
    private String body(int index, long t, int size) {
        String body = timedBody(t, size);
        return nchan ? "{\"type\":\"hook\",\"id\":\"" + (index + 1) + "\",\"payload\":" + body + "}" : body;
    }

    private static String filler(int size) {
        return timedBody(0, size);
    }

    /** Outcome of every POST of a run, by index. */
    private static final class PostResults {
        final long[] ids;
        final long[] latency;
        final Map<String, Integer> failures = new TreeMap<>();
        final AtomicInteger sentCount = new AtomicInteger();
        /** Nchan: any 2xx accepts, and the id is the client's (index + 1). */
        final boolean clientIds;
        int sent;
        volatile long lastDone;

        PostResults(int hooks, boolean clientIds) {
            this.clientIds = clientIds;
            ids = new long[hooks];
            latency = new long[hooks];
            Arrays.fill(latency, -1);
        }

        synchronized void record(int index, long start, long end, HttpResponse<String> response, Throwable error) {
            latency[index] = end - start;
            if (end - lastDone > 0 || lastDone == 0) {
                lastDone = end;
            }
            if (error != null) {
                failures.merge(describe(error), 1, Integer::sum);
            } else if (clientIds && response.statusCode() / 100 == 2) {
                ids[index] = index + 1;
            } else if (response.statusCode() != 202) {
                String body = response.body();
                failures.merge("HTTP " + response.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200)
                        : body), 1, Integer::sum);
            } else {
                long id = idOf(response.body(), 0);
                if (id <= 0) {
                    failures.merge("202 without an id: " + response.body(), 1, Integer::sum);
                } else {
                    ids[index] = id;
                }
            }
        }

        synchronized int accepted() {
            int n = 0;
            for (long id : ids) {
                if (id > 0) {
                    n++;
                }
            }
            return n;
        }

        /** The accepted ids, sorted. */
        synchronized long[] ids() {
            return Arrays.stream(ids).filter(id -> id > 0).sorted().toArray();
        }

        synchronized long[] latencies() {
            return Arrays.stream(latency).filter(l -> l >= 0).toArray();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Subscribing

    /**
     * Opens {@code count} subscribers on one channel, at most 200 handshakes at a time;
     * {@code timed}: hooks whose latency each subscriber records (room made up front), 0 for none.
     */
    private List<Subscriber> subscribe(String channel, int count, int timed) throws Exception {
        URI uri = wsUri(channel);
        List<Subscriber> subs = new ArrayList<>(count);
        List<CompletableFuture<RawWebSocket.Socket>> handshakes = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(200);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(remainingNanos(), TimeUnit.NANOSECONDS)) {
                fail("timed out opening subscribers");
                break;
            }
            Subscriber sub = new Subscriber(timed, batch);
            subs.add(sub);
            handshakes.add(ws.connect(uri, HANDSHAKE_TIMEOUT, batch ? BATCH : null, sub)
                    .whenComplete((s, e) -> inFlight.release()));
        }
        List<Subscriber> open = new ArrayList<>(count);
        Map<String, Integer> errors = new TreeMap<>();
        for (int i = 0; i < handshakes.size(); i++) {
            try {
                subs.get(i).socket = handshakes.get(i).get(Math.max(1, remainingNanos()), TimeUnit.NANOSECONDS);
                open.add(subs.get(i));
            } catch (Exception e) {
                errors.merge(describe(e), 1, Integer::sum);
            }
        }
        line("subscribed", open.size() + " of " + count + " in " + seconds(System.nanoTime() - start) + " s");
        errors.forEach((error, n) -> line("  connect error", n + " x " + error));
        return open;
    }

    /** Waits until every subscriber has every accepted id, nothing moves for a while, or the deadline. */
    private Delivery awaitDeliveries(List<Subscriber> subs, long[] expected) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long seen = -1;
        while (true) {
            long total = 0;
            boolean complete = true;
            for (Subscriber sub : subs) {
                int n = sub.count();
                total += n;
                if (n < expected.length && !sub.closed()) {
                    complete = false;
                }
            }
            if (total != seen) {
                seen = total;
                lastProgress = System.nanoTime();
            }
            if (complete) {
                break;
            }
            if (remainingNanos() <= 0) {
                fail("timed out waiting for frames");
                break;
            }
            if (System.nanoTime() - lastProgress > IDLE_NANOS) {
                fail("no frame for " + TimeUnit.NANOSECONDS.toSeconds(IDLE_NANOS) + " s while frames were missing");
                break;
            }
            Thread.sleep(10);
        }
        return new Delivery(subs, expected, nchan);
    }

    /** What the subscribers received, checked against the accepted ids. */
    private static final class Delivery {
        long frames;
        long lastFrame;
        long lost;
        int subscribersMissing;
        long duplicates;
        long outOfOrder;
        long unexpected;
        long otherFrames;
        /** WebSocket messages received (more than one hook each under hookcast.batch). */
        long messages;
        /** Client-assigned ids (Nchan): order is checked against the first subscriber's, not increasing ids. */
        final boolean clientIds;
        final Map<Integer, Integer> closeCodes = new TreeMap<>();
        long[] latencies;
        /** For each latency: when its hook's POST started (client nanoTime). */
        long[] sent;

        /** Nothing lost, duplicated, reordered or unexpected, and no subscriber closed by the server. */
        boolean passed() {
            return lost == 0 && duplicates == 0 && outOfOrder == 0 && unexpected == 0 && closeCodes.isEmpty();
        }

        Delivery(List<Subscriber> subs, long[] expected, boolean clientIds) {
            this.clientIds = clientIds;
            List<long[]> allLatencies = new ArrayList<>();
            List<long[]> allSent = new ArrayList<>();
            int latencyCount = 0;
            long[] reference = null;
            for (Subscriber sub : subs) {
                synchronized (sub) {
                    long[] ids = Arrays.copyOf(sub.ids, sub.count);
                    frames += ids.length;
                    messages += sub.messages;
                    if (sub.count > 0 && (lastFrame == 0 || sub.lastFrame - lastFrame > 0)) {
                        lastFrame = sub.lastFrame;
                    }
                    boolean[] got = new boolean[expected.length];
                    long max = Long.MIN_VALUE;
                    for (long id : ids) {
                        int at = Arrays.binarySearch(expected, id);
                        if (at < 0) {
                            unexpected++;
                        } else if (got[at]) {
                            duplicates++;
                        } else {
                            got[at] = true;
                        }
                        if (id < max && !clientIds) {
                            outOfOrder++; // a new id below one already received
                        }
                        max = Math.max(max, id);
                    }
                    if (clientIds) {
                        // Concurrent senders: the peer's order is its arrival order, not the ids'.
                        // Every subscriber must get the same order as the first one.
                        if (reference == null) {
                            reference = ids;
                        } else {
                            for (int i = 0; i < Math.min(ids.length, reference.length); i++) {
                                if (ids[i] != reference[i]) {
                                    outOfOrder++;
                                }
                            }
                        }
                    }
                    long missing = 0;
                    for (boolean g : got) {
                        if (!g) {
                            missing++;
                        }
                    }
                    lost += missing;
                    if (missing > 0) {
                        subscribersMissing++;
                    }
                    otherFrames += sub.otherFrames;
                    if (sub.closeCode != 0) {
                        closeCodes.merge(sub.closeCode, 1, Integer::sum);
                    }
                    if (sub.latencies != null) {
                        allLatencies.add(Arrays.copyOf(sub.latencies, sub.count));
                        allSent.add(Arrays.copyOf(sub.sent, sub.count));
                        latencyCount += sub.count;
                    }
                }
            }
            latencies = new long[latencyCount];
            sent = new long[latencyCount];
            int at = 0;
            for (int i = 0; i < allLatencies.size(); i++) {
                long[] l = allLatencies.get(i);
                System.arraycopy(l, 0, latencies, at, l.length);
                System.arraycopy(allSent.get(i), 0, sent, at, l.length);
                at += l.length;
            }
        }
    }

    private void reportDelivery(Delivery d) {
        line("lost", d.lost + " (" + d.subscribersMissing + " subscribers missing frames)");
        line("duplicates", d.duplicates);
        line("out-of-order", d.outOfOrder + (d.clientIds ? " (frames not in the first subscriber's order)"
                : " (frames whose id is below an id received before)"));
        if (batch) {
            line("messages", d.messages + " (" + String.format(Locale.ROOT, "%.2f", d.frames / (double) Math.max(1, d.messages))
                    + " hooks per message)");
        }
        line("unexpected ids", d.unexpected + (d.otherFrames > 0 ? ", " + d.otherFrames + " non-hook frames" : ""));
        line("closed by server", d.closeCodes.isEmpty() ? "0" : d.closeCodes.toString() + " (code=count)");
        if (!d.passed()) {
            fail("delivery check failed");
        }
    }

    /**
     * A subscriber that records every hook id it receives (and, for the latency scenario, the
     * delay since the hook's POST started). Called on the client's selector thread, one frame at a time.
     */
    private static final class Subscriber implements RawWebSocket.Handler, RawWebSocket.LineHandler {
        long[] ids = new long[256];
        long[] latencies;
        /** For each latency: the client's nanoTime when the hook's POST started. */
        long[] sent;
        int count;
        long messages;
        long lastFrame;
        long otherFrames;
        /** hookcast.batch: each message is split on '\n', every line one hook frame. */
        private final boolean batch;
        /** The receive time of the message being split. */
        private long now;
        volatile int closeCode;
        volatile RawWebSocket.Socket socket;

        /**
         * {@code timed}: room for that many latencies, allocated now (0: no timing): growing 100
         * subscribers' arrays at the same count during a run paused the client's own JVM.
         */
        Subscriber(int timed, boolean batch) {
            if (timed > 0) {
                ids = new long[timed];
                latencies = new long[timed];
                sent = new long[timed];
            }
            this.batch = batch;
        }

        @Override
        public synchronized void text(byte[] buf, int off, int len, long now) {
            messages++;
            if (batch) {
                this.now = now;
                RawWebSocket.forEachLine(buf, off, len, this);
            } else {
                hook(buf, off, len, now);
            }
        }

        @Override
        public void line(byte[] buf, int off, int len) {
            hook(buf, off, len, now);
        }

        private void hook(byte[] buf, int off, int len, long now) {
            if (!startsWith(buf, off, len, HOOK_PREFIX)) {
                otherFrames++;
                return;
            }
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                if (latencies != null) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                    sent = Arrays.copyOf(sent, count * 2);
                }
            }
            int end = off + len;
            ids[count] = idOf(buf, off, end);
            if (latencies != null) {
                int payload = indexOf(buf, off, end, PAYLOAD_T);
                sent[count] = payload < 0 ? now : parseLong(buf, payload + PAYLOAD_T.length, end);
                latencies[count] = payload < 0 ? -1 : now - sent[count];
            }
            count++;
            lastFrame = now;
        }

        synchronized int count() {
            return count;
        }

        boolean closed() {
            return closeCode != 0;
        }

        @Override
        public void closed(int code) {
            closeCode = code == 0 ? -1 : code;
        }
    }

    /** The connections scenario's handler: counts frames and nothing else. */
    private static final class Idle implements RawWebSocket.Handler {
        volatile RawWebSocket.Socket socket;
        volatile int frames;
        volatile int closeCode;

        @Override
        public void text(byte[] buf, int off, int len, long now) {
            frames++; // one call at a time per socket
        }

        @Override
        public void closed(int code) {
            closeCode = code == 0 ? -1 : code;
        }
    }

    private void closeAll(List<Subscriber> subs) throws InterruptedException {
        List<RawWebSocket.Socket> sockets = new ArrayList<>();
        for (Subscriber sub : subs) {
            if (sub.socket != null) {
                sockets.add(sub.socket);
            }
        }
        closeSockets(sockets);
    }

    /** Sends a normal close on each socket, waits a little for the server's answer, then aborts the rest. */
    private static void closeSockets(List<RawWebSocket.Socket> sockets) throws InterruptedException {
        for (RawWebSocket.Socket socket : sockets) {
            socket.close(1000, "bench done");
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - until < 0) {
            boolean all = true;
            for (RawWebSocket.Socket socket : sockets) {
                if (!socket.isInputClosed()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                break;
            }
            Thread.sleep(20);
        }
        for (RawWebSocket.Socket socket : sockets) {
            socket.abort();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    /** Refuses anything but a loopback http(s) base. */
    static URI loopbackBase(String text) {
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (Exception e) {
            throw new UsageException("--base is not a URL: " + text);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new UsageException("--base must be http:// or https://: " + text);
        }
        String host = uri.getHost();
        if (host == null) {
            throw new UsageException("--base has no host: " + text);
        }
        host = host.toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost")
                || host.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}")
                || host.equals("[::1]") || host.equals("::1") || host.equals("[0:0:0:0:0:0:0:1]");
        if (!loopback) {
            throw new UsageException("refusing --base " + text + ": only localhost, 127.x.y.z or [::1] may be targeted");
        }
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new UsageException("--base must be scheme://host[:port][/path]: " + text);
        }
        return uri;
    }

    /** One cheap request to tell an unreachable server from a slow one before a scenario starts. */
    private boolean reachable() throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve(base.getPath() + "/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 500) {
                System.err.println("warning: " + base + "/health answered " + response.statusCode());
            }
            return true;
        } catch (ConnectException e) {
            System.err.println("error: nothing listens at " + base
                    + " (start Hookcast first: mvn package payara-micro:start -DskipTests)");
        } catch (HttpTimeoutException e) {
            System.err.println("error: " + base + " did not answer within 10 s");
        } catch (java.io.IOException e) {
            System.err.println("error: " + base + ": " + e);
        }
        return false;
    }

    private URI hookUri(String channel) {
        return URI.create(base + (nchan ? "/pub/" : "/hooks/") + channel);
    }

    private URI wsUri(String channel) {
        return URI.create(wsBase + (nchan ? "/sub/" : "/ws/") + channel);
    }

    /** A new channel name (Nchan's config takes only \\w+ names: no dash there). */
    private String freshChannel() {
        return (nchan ? "bench" : "bench-") + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** The value of the first {@code "id":"<decimal>"} at or after {@code from}, or -1. */
    static long idOf(String json, int from) {
        int at = json.indexOf("\"id\":\"", from);
        return at < 0 ? -1 : parseLong(json, at + 6);
    }

    /** The (optionally negative) decimal number starting at {@code at}, or -1 when there is none. */
    static long parseLong(String text, int at) {
        boolean negative = at < text.length() && text.charAt(at) == '-';
        int i = negative ? at + 1 : at;
        long value = 0;
        int digits = 0;
        for (; i < text.length() && digits < 19; i++, digits++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return digits == 0 ? -1 : negative ? -value : value;
    }

    /** Hookcast's batching subprotocol (ChannelEndpoint.BATCH). */
    static final String BATCH = "hookcast.batch";
    private static final byte[] HOOK_PREFIX = ascii("{\"type\":\"hook\"");
    private static final byte[] REPLAYED_PREFIX = ascii("{\"type\":\"replayed\"");
    private static final byte[] ID = ascii("\"id\":\"");
    private static final byte[] PAYLOAD_T = ascii("\"payload\":{\"t\":");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] buf, int off, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first {@code pattern} in {@code buf[from..end)}, or -1. */
    static int indexOf(byte[] buf, int from, int end, byte[] pattern) {
        byte first = pattern[0];
        for (int i = from, last = end - pattern.length; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            int k = 1;
            while (k < pattern.length && buf[i + k] == pattern[k]) {
                k++;
            }
            if (k == pattern.length) {
                return i;
            }
        }
        return -1;
    }

    /** The value of the first {@code "id":"<decimal>"} in {@code buf[from..end)}, or -1. */
    static long idOf(byte[] buf, int from, int end) {
        int at = indexOf(buf, from, end, ID);
        return at < 0 ? -1 : parseLong(buf, at + ID.length, end);
    }

    /** The (optionally negative) decimal number at {@code buf[at]} (before {@code end}), or -1 when there is none. */
    static long parseLong(byte[] buf, int at, int end) {
        boolean negative = at < end && buf[at] == '-';
        int i = negative ? at + 1 : at;
        long value = 0;
        int digits = 0;
        for (; i < end && digits < 19; i++, digits++) {
            byte c = buf[i];
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return digits == 0 ? -1 : negative ? -value : value;
    }

    private long remainingNanos() {
        return deadline - System.nanoTime();
    }

    private void fail(String why) {
        failed = true;
        System.out.println("FAILURE: " + why);
    }

    private void header(String scenario, String channel) {
        line("scenario", scenario);
        line("base", base);
        if (!wsBase.getAuthority().equals(base.getAuthority())) {
            line("subscribers at", wsBase);
        }
        line("channel", channel);
        line("client", Runtime.getRuntime().availableProcessors() + " cpus, Java " + Runtime.version());
    }

    private void line(String key, Object value) {
        System.out.printf("%-20s %s%n", key, value);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }

    /**
     * The {@code n} seconds of the run (by POST start, counted from {@code start}) whose deliveries
     * had the highest maximum latency: where the tail comes from, one burst or spread over the run.
     */
    static String slowestSeconds(Delivery d, long start, int n) {
        Map<Long, long[]> bySecond = new TreeMap<>(); // second -> {deliveries, over 50 ms, max}
        for (int i = 0; i < d.latencies.length; i++) {
            if (d.latencies[i] < 0) {
                continue;
            }
            long[] s = bySecond.computeIfAbsent(Math.max(0, d.sent[i] - start) / 1_000_000_000L, k -> new long[3]);
            s[0]++;
            s[1] += d.latencies[i] > 50_000_000L ? 1 : 0;
            s[2] = Math.max(s[2], d.latencies[i]);
        }
        long seconds50 = bySecond.values().stream().filter(s -> s[1] > 0).count();
        StringBuilder out = new StringBuilder(seconds50 + " of " + bySecond.size() + " s had a delivery over 50 ms;");
        bySecond.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[2], a.getValue()[2]))
                .limit(n)
                .forEach(e -> out.append(" s").append(e.getKey()).append(": max ").append(ms(e.getValue()[2]))
                        .append(" ms, ").append(e.getValue()[1]).append('/').append(e.getValue()[0])
                        .append(" over 50 ms;"));
        return out.toString();
    }

    private static String rate(long count, long nanos) {
        return nanos <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", count / (nanos / 1e9));
    }

    /** "p50 1.23 p90 ... max ..." in milliseconds, nearest rank. */
    static String percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return "no samples";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            out.append(p == 99.9 ? "p99.9" : "p" + (int) p).append(' ')
                    .append(ms(sorted[Math.max(0, rank - 1)])).append("  ");
        }
        return out.append("max ").append(ms(sorted[sorted.length - 1])).append("  (n=").append(sorted.length)
                .append(')').toString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static int distinct(long[] sorted) {
        int n = sorted.length == 0 ? 0 : 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[i - 1]) {
                n++;
            }
        }
        return n;
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code --key value} options before and after the scenario name. */
    private static final class Options {
        final Map<String, String> values = new HashMap<>();
        String scenario;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    throw new UsageException("help");
                }
                if (arg.equals("--batch")) { // a flag: no value
                    if (options.values.put("batch", "true") != null) {
                        throw new UsageException(arg + " given twice");
                    }
                } else if (arg.startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(arg + " needs a value");
                    }
                    if (options.values.put(arg.substring(2), args[++i]) != null) {
                        throw new UsageException(arg + " given twice");
                    }
                } else if (options.scenario == null) {
                    options.scenario = arg;
                } else {
                    throw new UsageException("unexpected argument " + arg);
                }
            }
            return options;
        }

        String string(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        int nonNegative(String key, int fallback, int max) {
            String text = string(key, null);
            if (text == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= 0 && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--" + key + " must be an integer from 0 to " + max + ": " + text);
        }

        int positive(String key, int fallback) {
            String text = string(key, null);
            if (text == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--" + key + " must be a positive integer: " + text);
        }

        void checkKnown(List<String> scenarioKeys) {
            for (String key : values.keySet()) {
                if (!scenarioKeys.contains(key) && !List.of("base", "subscribe-base", "timeout", "batch", "target").contains(key)) {
                    throw new UsageException("unknown option --" + key + " for " + scenario);
                }
            }
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
