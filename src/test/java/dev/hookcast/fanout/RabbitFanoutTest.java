package dev.hookcast.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.delivery.Broadcaster;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.ingest.HooksAccepted;
import dev.hookcast.it.Rabbitmq;
import dev.hookcast.platform.RelayMetrics;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * {@link RabbitFanout} against the real broker (127.0.0.1:5672, guest/guest; skipped without it,
 * failed under {@code -Dhookcast.requireServices=true}), without a container: the instance's
 * Broadcaster and audit store are the test's, and a peer (a plain client) plays the other
 * instances. Each fault must end with every delivery settled, consumption and publishing going
 * on, and every hook either confirmed by the broker or counted.
 */
class RabbitFanoutTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final String exchange = "hookcast.test." + UUID.randomUUID();
    /** Hook ids the instance handed to its Broadcaster as another instance's, and the ids it replayed. */
    private final BlockingQueue<Long> remote = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> replayed = new LinkedBlockingQueue<>();
    /** Hook ids the peer received from the instance. */
    private final BlockingQueue<Long> atPeer = new LinkedBlockingQueue<>();
    private final Map<Level, List<String>> logged = new ConcurrentHashMap<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.computeIfAbsent(record.getLevel(), level -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private volatile boolean storeDown;
    private RabbitFanout fanout;
    private Connection peer;
    private Channel peerChannel;
    private String peerQueue;

    @BeforeEach
    void start() throws Exception {
        Rabbitmq.require();
        Logger.getLogger(RabbitFanout.class.getName()).addHandler(capture);
        fanout = new RabbitFanout();
        fanout.threads = new Threads();
        fanout.metrics = new RelayMetrics();
        fanout.fanout = RabbitFanout.MODE;
        fanout.uri = Rabbitmq.URI;
        fanout.exchange = exchange;
        fanout.sweepInterval = Duration.ofSeconds(2);
        fanout.broadcaster = new Broadcaster() {
            @Override
            public void onRemote(List<HookAccepted> hooks) {
                hooks.forEach(hook -> remote.add(hook.id()));
            }

            @Override
            public int replay(HookAccepted hook) {
                replayed.add(hook.id());
                return 1;
            }

            @Override
            public void sweepEvery(Duration interval) {
            }

            @Override
            public void sweepSoon() {
            }
        };
        fanout.hooks = new HookRepository() {
            @Override
            public Hook find(long id) {
                if (storeDown) {
                    throw new IllegalStateException("the audit store is down");
                }
                return new Hook(id, "orders", OffsetDateTime.now(ZoneOffset.UTC), "POST", "application/json", "[]",
                        "127.0.0.1", "{}".getBytes(StandardCharsets.UTF_8), 2, Hook.Status.ACCEPTED, null);
            }
        };
        fanout.start();

        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Rabbitmq.URI);
        peer = factory.newConnection("hookcast-test-peer");
        peerChannel = peer.createChannel();
        peerChannel.exchangeDeclare(exchange, "fanout", true);
        peerQueue = peerChannel.queueDeclare().getQueue();
        peerChannel.queueBind(peerQueue, exchange, "");
        peerChannel.basicConsume(peerQueue, true, new DefaultConsumer(peerChannel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                if ("hooks".equals(properties.getType()) && !"peer".equals(properties.getAppId())) {
                    FanoutMessage.decode(body).hooks().forEach(hook -> atPeer.add(hook.id()));
                }
            }
        });
        // both ways work before the fault
        awaitRemote(1);
        fanout.onHooksAccepted(new HooksAccepted(List.of(hook(2))));
        assertEquals(2L, atPeer.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the instance publishes");
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger(RabbitFanout.class.getName()).removeHandler(capture);
        if (fanout != null) {
            fanout.stop();
        }
        if (peer != null) {
            try (Channel channel = peer.createChannel()) {
                channel.exchangeDelete(exchange);
            }
            peer.close();
        }
    }

    /**
     * A database error during a replay used to escape the consumer: the client closed the
     * channel, and consumption stopped for good (unacknowledged messages, with a prefetch of 64, stop
     * it as surely). Now a failing replay is requeued once and then discarded, a message that cannot
     * be decoded is discarded at once, each counted, and the stream goes on; the fault is logged
     * once, not once a message.
     */
    @Test
    void failingAndPoisonMessagesAreSettledAndConsumptionGoesOn() throws Exception {
        storeDown = true;
        for (long id = 100; id < 105; id++) {
            publishReplay(String.valueOf(id));
        }
        for (int i = 0; i < 100; i++) {
            peerChannel.basicPublish(exchange, "", properties("hooks"), new byte[] {9, 9, 9, (byte) i});
        }
        publishReplay("not a number");
        awaitRemote(3);
        await(() -> fanout.discardedMessages() == 106, () -> "every failed or poison message discarded, counted: "
                + fanout.discardedMessages());

        storeDown = false;
        publishReplay("7");
        assertEquals(7L, replayed.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS), "replays work again");
        assertTrue(replayed.isEmpty(), "nothing was replayed while the store was down: " + replayed);
        awaitRemote(4);
        List<String> warnings = logged.getOrDefault(Level.WARNING, List.of());
        assertTrue(warnings.size() <= 3, "106 discarded messages are a few warnings, not one each: " + warnings);
    }

    /**
     * An exchange deleted under a running instance: its next publish closes the publishing channel
     * (404), which the client's recovery does not reopen, and its queue is left unbound. Now the
     * instance reopens the channel, declares the exchange, binds its queue again, publishes the
     * batch again, and every hook is either confirmed or counted as unpublished.
     */
    @Test
    void aDeletedExchangeIsDeclaredAgainAndBothDirectionsWork() throws Exception {
        try (Channel admin = peer.createChannel()) {
            admin.exchangeDelete(exchange);
        }
        fanout.onHooksAccepted(new HooksAccepted(List.of(hook(3))));
        await(this::exchangeExists, () -> "the instance declared the exchange again");
        peerChannel.queueBind(peerQueue, exchange, "");

        fanout.onHooksAccepted(new HooksAccepted(List.of(hook(4))));
        assertEquals(4L, atPeer.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the instance publishes again");
        awaitRemote(5);
        await(() -> fanout.publishedHooks() + fanout.unpublishedHooks() == 3,
                () -> "every hook confirmed or counted: " + fanout.publishedHooks() + " + " + fanout.unpublishedHooks());
    }

    /** The broker cancels the consumer when its queue is deleted: the instance consumes from a new one. */
    @Test
    void aDeletedQueueIsDeclaredAgainAndConsumed() throws Exception {
        Process delete = new ProcessBuilder("rabbitmqctl", "delete_queue", fanout.queue()).redirectErrorStream(true).start();
        String output = new String(delete.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(delete.waitFor(60, TimeUnit.SECONDS) && delete.exitValue() == 0, "rabbitmqctl: " + output);
        awaitRemote(6);
    }

    /** Publishes the peer's hook {@code id} until the instance receives it (its queue may not be bound yet). */
    private void awaitRemote(long id) {
        await(() -> {
            try {
                publishHooks(id);
                Long received = remote.poll(200, TimeUnit.MILLISECONDS);
                return received != null && received == id;
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, () -> "the instance receives another instance's hook " + id);
        remote.clear();
    }

    private void publishHooks(long id) throws IOException {
        peerChannel.basicPublish(exchange, "", properties("hooks"), FanoutMessage.encode(List.of(hook(id))));
    }

    private void publishReplay(String id) throws IOException {
        peerChannel.basicPublish(exchange, "", properties("replay"), id.getBytes(StandardCharsets.US_ASCII));
    }

    private static AMQP.BasicProperties properties(String type) {
        return new AMQP.BasicProperties.Builder().appId("peer").type(type).build();
    }

    private static HookAccepted hook(long id) {
        return new HookAccepted(id, id - 1, "orders", Instant.now(), "application/json", List.of(),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private boolean exchangeExists() {
        try (Channel probe = peer.createChannel()) {
            probe.exchangeDeclarePassive(exchange);
            return true;
        } catch (IOException | java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + DEADLINE + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** The container's thread factory, as plain daemon threads. */
    private static final class Threads implements ManagedThreadFactory {

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        }
    }
}
