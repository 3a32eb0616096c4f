package dev.hookcast.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.delivery.Broadcaster;
import dev.hookcast.delivery.HookReplayed;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.ingest.HooksAccepted;
import dev.hookcast.platform.RelayMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Fan-out across instances over RabbitMQ ({@code hookcast.fanout=rabbitmq}): each batch this
 * instance commits is published, after commit, to a fanout exchange; every instance consumes it
 * through a queue of its own and hands the hooks to its {@link Broadcaster}, which puts them in
 * channel order with its own and reads from the audit store whatever the broker did not bring.
 *
 * <p>The broker is a fast path, never the record: hooks are durable in the audit store before
 * they are published. While RabbitMQ is down ingest goes on, publishing is skipped, and the
 * Broadcaster's periodic sweep ({@code hookcast.fanout.sweep-interval}) and the sweep after
 * each reconnection bring subscribers every hook, once and in order. Publishing happens on one
 * thread of its own from a bounded queue, so neither ingest nor broadcast ever waits on the
 * broker; the queue per instance on the broker is bounded too (oldest dropped first, which the
 * sweep also covers).
 *
 * <p>Faults, each of which ends in a known state:
 * <ul>
 * <li>Every delivery is acknowledged or rejected. A message that cannot be decoded (poison) is
 *     rejected without requeue and counted; a message whose handling fails (the audit store is
 *     down during a replay) is requeued once, after {@link #REQUEUE_PAUSE_MS}, and rejected and
 *     counted when it fails again. A discarded batch of hooks costs nothing (a sweep follows); a
 *     discarded replay reaches only the subscribers of the other instances.
 * <li>Publishing waits for the broker's confirms; a batch not confirmed is published again on
 *     fresh channels, and after {@link #PUBLISH_ATTEMPTS} attempts, or at once while the connection
 *     is down, counted as unpublished (left to the other instances' sweep).
 * <li>The client's automatic recovery reopens a lost connection and its channels. A channel
 *     closed on its own (a channel-level error: the exchange deleted, an unknown delivery tag) or a
 *     consumer the broker cancelled (its queue deleted) is replaced by the publisher thread, which
 *     also declares the exchange and binds this instance's queue again every
 *     {@link #TOPOLOGY_CHECK_MS} ms, so a deleted exchange heals even on an instance that does
 *     not publish.
 * </ul>
 * Each kind of fault is logged once as a WARNING when it starts, and once at INFO with its count
 * when it is over; the counts are the metrics {@code hookcast_fanout_unpublished_hooks} and
 * {@code hookcast_fanout_discarded_messages}.
 */
@Startup
@Singleton
@DependsOn("Broadcaster")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RabbitFanout {

    static final String MODE = "rabbitmq";
    private static final String HOOKS_TYPE = "hooks";
    private static final String REPLAY_TYPE = "replay";
    private static final Logger LOG = Logger.getLogger(RabbitFanout.class.getName());
    private static final int PUBLISH_QUEUE = 1024;
    /** Messages published before waiting for their confirms. */
    private static final int PUBLISH_BATCH = 64;
    static final int PUBLISH_ATTEMPTS = 3;
    private static final long CONFIRM_TIMEOUT_MS = 5_000;
    static final long TOPOLOGY_CHECK_MS = 5_000;
    static final long REQUEUE_PAUSE_MS = 200;
    private static final int BROKER_QUEUE = 10_000;
    private static final int PREFETCH = 64;
    private static final long RECONNECT_MS = 1_000;
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Broadcaster broadcaster;

    @Inject
    HookRepository hooks;

    @Inject
    RelayMetrics metrics;

    @Inject
    @ConfigProperty(name = "hookcast.fanout", defaultValue = "local")
    String fanout;

    @Inject
    @ConfigProperty(name = "hookcast.rabbitmq.uri", defaultValue = "amqp://guest:guest@127.0.0.1:5672")
    String uri;

    @Inject
    @ConfigProperty(name = "hookcast.rabbitmq.exchange", defaultValue = "hookcast.hooks")
    String exchange;

    @Inject
    @ConfigProperty(name = "hookcast.fanout.sweep-interval", defaultValue = "2s")
    Duration sweepInterval;

    private final String instance = UUID.randomUUID().toString();
    private final AMQP.BasicProperties hooksProperties = properties(HOOKS_TYPE);
    private final AMQP.BasicProperties replayProperties = properties(REPLAY_TYPE);
    private final ArrayBlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(PUBLISH_QUEUE);
    private final FaultLog publishFaults = new FaultLog(LOG, "publishing to RabbitMQ",
            "hooks were not published (the other instances' sweep reads them from the audit store)");
    private final FaultLog consumeFaults = new FaultLog(LOG, "handling messages from RabbitMQ",
            "messages were discarded (hooks: the sweep reads them from the audit store; replays: not replayed here)");
    private final AtomicLong unpublished = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private volatile boolean running;
    private volatile Connection connection;
    /** Set when the consuming channel closed or its consumer was cancelled: the publisher thread replaces them. */
    private volatile boolean consumerLost;
    /** The publisher thread's: the channel it publishes on (confirms on), and the one consuming from this instance's queue. */
    private Channel publishing;
    private volatile Channel consuming;
    private final String queue = "hookcast." + instance;
    /** Runs the client's consumer callbacks: one thread of the container's, so deliveries are handled in order. */
    private ExecutorService consumer;
    private Thread publisher;

    @PostConstruct
    void start() {
        if (!MODE.equals(fanout)) {
            if (!"local".equals(fanout)) {
                throw new IllegalStateException("hookcast.fanout is 'local' or 'rabbitmq', not '" + fanout + "'");
            }
            return;
        }
        broadcaster.sweepEvery(sweepInterval);
        consumer = Executors.newSingleThreadExecutor(threads);
        running = true;
        publisher = threads.newThread(this::run);
        publisher.setName("hookcast-fanout");
        publisher.start();
    }

    /** A message to publish: committed hooks, or the id of a hook an admin replayed. */
    private record Outgoing(List<HookAccepted> hooks, long replayed) {

        byte[] encode() {
            return replayed > 0 ? Long.toString(replayed).getBytes(StandardCharsets.US_ASCII) : FanoutMessage.encode(hooks);
        }
    }

    /** After each commit: queues the batch for publishing, or counts it as left to the sweep when the queue is full. */
    public void onHooksAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HooksAccepted hooks) {
        Outgoing message = new Outgoing(hooks.hooks(), 0);
        if (running && !outgoing.offer(message)) {
            unpublished(List.of(message), new IllegalStateException("the publishing queue is full"));
        }
    }

    /** An admin's replay on this instance: the other instances replay it to their subscribers too. */
    public void onReplay(@Observes HookReplayed replayed) {
        if (running && !outgoing.offer(new Outgoing(List.of(), replayed.id()))) {
            LOG.warning(() -> "The replay of hook " + replayed.id() + " reached this instance's subscribers only:"
                    + " the fan-out is too far behind");
        }
    }

    /** {@code local} or {@code rabbitmq}. */
    public String mode() {
        return fanout;
    }

    /** True when fan-out is local, or when connected to RabbitMQ. */
    public boolean isConnected() {
        Connection current = connection;
        return !running || current != null && current.isOpen();
    }

    /** Hooks the broker confirmed since the start. */
    public long publishedHooks() {
        return published.get();
    }

    /** Hooks that were not published since the start (left to the other instances' sweep). */
    public long unpublishedHooks() {
        return unpublished.get();
    }

    /** Messages from other instances rejected since the start without being handled (poison, or failed twice). */
    public long discardedMessages() {
        return discarded.get();
    }

    /** This instance's queue on the broker. */
    String queue() {
        return queue;
    }

    private void run() {
        List<Outgoing> batch = new ArrayList<>();
        long topologyChecked = System.nanoTime();
        while (running) {
            try {
                if (connection == null) {
                    connect();
                    topologyChecked = System.nanoTime();
                } else if (consumerLost || System.nanoTime() - topologyChecked > TimeUnit.MILLISECONDS.toNanos(TOPOLOGY_CHECK_MS)) {
                    topologyChecked = System.nanoTime();
                    repair();
                }
                if (batch.isEmpty()) {
                    Outgoing first = outgoing.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    outgoing.drainTo(batch, PUBLISH_BATCH - 1);
                }
                publish(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | TimeoutException | RuntimeException e) {
                if (connection == null) {
                    publishFaults.fault(e, () -> "RabbitMQ at " + redacted()
                            + " is unavailable; hooks reach other instances through the audit store", 0);
                    if (!awaitReconnect()) {
                        break;
                    }
                } else {
                    publishFaults.fault(e, () -> "The RabbitMQ topology at " + redacted() + " could not be repaired", 0);
                }
            }
        }
        batch.addAll(outgoing);
        unpublished(batch, new IllegalStateException("shutting down"));
    }

    /**
     * Publishes the batch and waits for the broker's confirms. A batch not confirmed (the channel
     * closed, the broker refused it, no confirm in time) is published again on fresh channels up to
     * {@link #PUBLISH_ATTEMPTS} times; then, or at once while the connection is down, it is counted
     * as unpublished. Nothing is dropped uncounted.
     */
    private void publish(List<Outgoing> batch) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                Channel channel = publishing;
                if (channel == null || !channel.isOpen()) {
                    throw new IOException("the publishing channel is closed", channel == null ? null : channel.getCloseReason());
                }
                for (Outgoing message : batch) {
                    channel.basicPublish(exchange, "", message.replayed() > 0 ? replayProperties : hooksProperties,
                            message.encode());
                }
                channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
                published.addAndGet(hookCount(batch));
                publishFaults.over();
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                Connection current = connection;
                if (attempt >= PUBLISH_ATTEMPTS || current == null || !current.isOpen()) {
                    unpublished(batch, e);
                    return;
                }
                publishFaults.fault(e, () -> "Publishing to RabbitMQ at " + redacted() + " failed; publishing again", 0);
                try {
                    abort(publishing);
                    repair();
                } catch (IOException | RuntimeException again) {
                    publishFaults.fault(again, () -> "The RabbitMQ channels could not be reopened", 0);
                }
            }
        }
    }

    private void unpublished(List<Outgoing> batch, Exception cause) {
        int count = hookCount(batch);
        for (Outgoing message : batch) {
            if (message.replayed() > 0) {
                LOG.warning(() -> "The replay of hook " + message.replayed() + " reached this instance's subscribers only: "
                        + cause.getMessage());
            }
        }
        if (count > 0) {
            unpublished.addAndGet(count);
            metrics.fanoutUnpublished(count);
            publishFaults.fault(cause, () -> "Hooks were not published to RabbitMQ at " + redacted() + " (" + cause
                    + "); the other instances' sweep reads them from the audit store", count);
        }
    }

    private static int hookCount(List<Outgoing> batch) {
        int count = 0;
        for (Outgoing message : batch) {
            count += message.hooks().size();
        }
        return count;
    }

    /** Waits before the next attempt to connect, leaving what ingest commits meanwhile to the sweep. */
    private boolean awaitReconnect() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_MS);
        try {
            for (long left; running && (left = deadline - System.nanoTime()) > 0;) {
                Outgoing message = outgoing.poll(left, TimeUnit.NANOSECONDS);
                if (message != null) {
                    unpublished(List.of(message), new IOException("not connected to RabbitMQ yet"));
                }
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Connects (the client reconnects by itself from then on), declares the exchange and this instance's queue, and consumes. */
    private void connect() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            running = false;
            throw new IllegalStateException("hookcast.rabbitmq.uri is not an AMQP URI: " + redacted(), e);
        }
        factory.setThreadFactory(threads);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(RECONNECT_MS);
        factory.setConnectionTimeout(5_000);
        factory.setRequestedHeartbeat(10);
        Connection opened = factory.newConnection(consumer, "hookcast-" + instance);
        try {
            open(opened);
        } catch (IOException | RuntimeException e) {
            publishing = null;
            consuming = null;
            opened.abort();
            throw e;
        }
        ((Recoverable) opened).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recovered) {
                LOG.info(() -> "Reconnected to RabbitMQ at " + redacted() + "; catching up from the audit store");
                broadcaster.sweepSoon();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recovering) {
                LOG.warning(() -> "Lost RabbitMQ at " + redacted() + "; reconnecting");
            }
        });
        connection = opened;
        publishFaults.over();
        LOG.info(() -> "Fan-out over RabbitMQ at " + redacted() + ", exchange " + exchange);
    }

    /**
     * On the open connection, replaces what was lost on its own (automatic recovery covers only a
     * lost connection): the publishing channel, the consuming channel or its consumer; declares the
     * exchange and binds this instance's queue again (a no-op when both exist). While the
     * connection recovers, leaves it to the client.
     */
    private void repair() throws IOException {
        Connection current = connection;
        if (current == null || !current.isOpen()) {
            return;
        }
        open(current);
    }

    private void open(Connection on) throws IOException {
        boolean replaced = false;
        if (publishing == null || !publishing.isOpen()) {
            Channel channel = on.createChannel();
            channel.confirmSelect();
            publishing = channel;
            replaced = true;
        }
        publishing.exchangeDeclare(exchange, "fanout", true);
        if (consumerLost || consuming == null || !consuming.isOpen()) {
            consumerLost = false;
            Channel old = consuming;
            consuming = null;
            abort(old);
            Channel channel = on.createChannel();
            channel.basicQos(PREFETCH);
            // named by the client, so that the connection's recovery declares it again under the same name
            channel.queueDeclare(queue, false, true, true, Map.of("x-max-length", BROKER_QUEUE, "x-overflow", "drop-head"));
            channel.addShutdownListener(closed -> lost(channel, closed));
            consuming = channel;
            channel.basicConsume(queue, false, new Receiver(channel));
            replaced = true;
        }
        publishing.queueBind(queue, exchange, "");
        if (replaced) {
            if (connection != null) {
                LOG.info(() -> "Reopened the RabbitMQ channels at " + redacted() + "; catching up from the audit store");
            }
            broadcaster.sweepSoon();
        }
    }

    /** The consuming channel closed: on its own (not with its connection, which recovers it), it is replaced. */
    private void lost(Channel channel, ShutdownSignalException closed) {
        if (running && channel == consuming && !closed.isHardError()) {
            LOG.warning(() -> "The RabbitMQ channel this instance consumes on was closed (" + closed.getMessage()
                    + "); reopening it");
            consumerLost = true;
        }
    }

    private static void abort(Channel channel) {
        if (channel != null) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing a RabbitMQ channel failed", e);
            }
        }
    }

    /** A delivery from another instance, decoded: its hooks, or the id of a hook to replay. */
    private record Incoming(FanoutMessage.Decoded hooks, long replay) {
    }

    /**
     * Deliveries from every instance; this instance's own are acknowledged and left out. Every
     * delivery ends acknowledged or rejected (see the class comment).
     */
    private final class Receiver extends DefaultConsumer {

        Receiver(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            long deliveryTag = envelope.getDeliveryTag();
            if (instance.equals(properties.getAppId())) {
                // published by this instance, which already broadcast it
                getChannel().basicAck(deliveryTag, false);
                return;
            }
            Incoming incoming;
            try {
                incoming = REPLAY_TYPE.equals(properties.getType())
                        ? new Incoming(null, Long.parseLong(new String(body, StandardCharsets.US_ASCII)))
                        : new Incoming(FanoutMessage.decode(body), 0);
            } catch (RuntimeException poison) {
                discard(deliveryTag, "poison", poison, properties);
                return;
            }
            try {
                handle(incoming);
            } catch (RuntimeException failed) {
                if (envelope.isRedeliver()) {
                    discard(deliveryTag, "failed", failed, properties);
                } else {
                    consumeFaults.fault(failed, () -> "Handling a message from " + properties.getAppId()
                            + " failed; it is requeued once", 0);
                    pause();
                    getChannel().basicNack(deliveryTag, false, true);
                }
                return;
            }
            getChannel().basicAck(deliveryTag, false);
            consumeFaults.over();
        }

        @Override
        public void handleCancel(String tag) {
            if (running && getChannel() == consuming) {
                LOG.warning(() -> "RabbitMQ cancelled this instance's consumer (its queue was deleted); consuming again");
                consumerLost = true;
            }
        }

        private void discard(long deliveryTag, String reason, Exception cause, AMQP.BasicProperties properties)
                throws IOException {
            getChannel().basicReject(deliveryTag, false);
            discarded.incrementAndGet();
            metrics.fanoutDiscarded(reason);
            broadcaster.sweepSoon();
            consumeFaults.fault(cause, () -> "Discarded a message (" + reason + ") on exchange " + exchange + " from "
                    + properties.getAppId() + ": " + cause, 1);
        }
    }

    private void handle(Incoming incoming) {
        if (incoming.hooks() == null) {
            replay(incoming.replay());
            return;
        }
        broadcaster.onRemote(incoming.hooks().hooks());
        if (incoming.hooks().omitted()) {
            broadcaster.sweepSoon();
        }
    }

    /** Before a requeue: the failure may pass (a pool reconnecting), and a requeued message comes back at once. */
    private static void pause() {
        try {
            Thread.sleep(REQUEUE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Another instance's replay: to the Broadcaster, not as a {@link HookReplayed}, which would be published again. */
    private void replay(long id) {
        Hook hook = hooks.find(id);
        if (hook != null && hook.getStatus() == Hook.Status.ACCEPTED) {
            broadcaster.replay(HookAccepted.stored(hook, 0));
        }
    }

    private AMQP.BasicProperties properties(String type) {
        return new AMQP.BasicProperties.Builder().appId(instance).type(type)
                .contentType("application/x-hookcast-hooks").build();
    }

    private String redacted() {
        return uri.replaceAll("//[^@/]*@", "//");
    }

    @PreDestroy
    void stop() {
        if (!running && publisher == null) {
            return;
        }
        running = false;
        try {
            publisher.join(SHUTDOWN_DEADLINE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection current = connection;
        if (current != null) {
            try {
                current.close((int) SHUTDOWN_DEADLINE_MS);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing the RabbitMQ connection failed", e);
            }
        }
        consumer.shutdownNow();
    }
}
