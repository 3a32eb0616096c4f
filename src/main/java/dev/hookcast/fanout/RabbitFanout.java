package dev.hookcast.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.delivery.Broadcaster;
import dev.hookcast.delivery.HookReplayed;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.ingest.HooksAccepted;
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
    private final AtomicLong unpublished = new AtomicLong();
    private volatile boolean running;
    private volatile Connection connection;
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
        if (running && !outgoing.offer(new Outgoing(hooks.hooks(), 0))) {
            unpublished.addAndGet(hooks.hooks().size());
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

    private void run() {
        Channel channel = null;
        boolean reported = false;
        while (running) {
            try {
                if (channel == null) {
                    channel = connect();
                    reported = false;
                }
                Outgoing message = outgoing.poll(100, TimeUnit.MILLISECONDS);
                if (message != null && channel.isOpen()) {
                    channel.basicPublish(exchange, "", message.replayed() > 0 ? replayProperties : hooksProperties,
                            message.encode());
                } else if (message != null) {
                    unpublished.addAndGet(message.hooks().size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.log(reported ? Level.FINE : Level.WARNING, e,
                        () -> "RabbitMQ at " + redacted() + " is unavailable; hooks reach other instances through the audit store");
                reported = true;
                if (channel == null && !awaitReconnect()) {
                    return;
                }
            }
            long skipped = unpublished.getAndSet(0);
            if (skipped > 0) {
                LOG.fine(() -> skipped + " hooks were not published; the other instances' sweep finds them");
            }
        }
    }

    /** Waits before the next attempt to connect, leaving what ingest commits meanwhile to the sweep. */
    private boolean awaitReconnect() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_MS);
        try {
            for (long left; running && (left = deadline - System.nanoTime()) > 0;) {
                Outgoing message = outgoing.poll(left, TimeUnit.NANOSECONDS);
                if (message != null) {
                    unpublished.addAndGet(message.hooks().size());
                }
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Connects (the client reconnects by itself from then on), declares the exchange and this instance's queue, and consumes. */
    private Channel connect() throws IOException, TimeoutException {
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
        Channel publishing;
        try {
            publishing = opened.createChannel();
            publishing.exchangeDeclare(exchange, "fanout", true);
            Channel consuming = opened.createChannel();
            consuming.basicQos(PREFETCH);
            String queue = consuming.queueDeclare("", false, true, true,
                    Map.of("x-max-length", BROKER_QUEUE, "x-overflow", "drop-head")).getQueue();
            consuming.queueBind(queue, exchange, "");
            consuming.basicConsume(queue, false, new Receiver(consuming));
        } catch (IOException | RuntimeException e) {
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
        broadcaster.sweepSoon();
        LOG.info(() -> "Fan-out over RabbitMQ at " + redacted() + ", exchange " + exchange);
        return publishing;
    }

    /** Deliveries from every instance; this instance's own are acknowledged and left out. */
    private final class Receiver extends DefaultConsumer {

        Receiver(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            try {
                if (instance.equals(properties.getAppId())) {
                    // published by this instance, which already broadcast it
                } else if (REPLAY_TYPE.equals(properties.getType())) {
                    replay(Long.parseLong(new String(body, StandardCharsets.US_ASCII)));
                } else {
                    FanoutMessage.Decoded decoded = FanoutMessage.decode(body);
                    broadcaster.onRemote(decoded.hooks());
                    if (decoded.omitted()) {
                        broadcaster.sweepSoon();
                    }
                }
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, e, () -> "Ignored a message on exchange " + exchange + " from " + properties.getAppId());
            }
            getChannel().basicAck(envelope.getDeliveryTag(), false);
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
