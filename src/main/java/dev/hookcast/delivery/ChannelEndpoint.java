package dev.hookcast.delivery;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /ws/{channel}}: one singleton serves every subscriber and keeps the channel-to-
 * subscribers registry. The container's lock guards membership only: WRITE to add or remove,
 * READ to take a broadcast's snapshot. A channel's subscribers are a copy-on-write array, so a
 * snapshot is one read and a broadcast iterates an array nobody changes under it.
 *
 * <p>Whatever clients send is read and discarded (partial handlers: nothing accumulates), and
 * counts as a sign of life; the server pings each session once every {@code hookcast.ws.ping-interval}
 * (each at its own phase of it, see {@link PingSchedule}) and closes sessions silent for two intervals.
 */
@Startup
@Singleton
@ServerEndpoint(value = ChannelEndpoint.PATH, configurator = SubscribeConfigurator.class,
        subprotocols = ChannelEndpoint.BATCH)
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChannelEndpoint {

    public static final String PATH = "/ws/{channel}";
    /** The subprotocol of a subscriber that takes every frame queued for it in one message, one per line. */
    public static final String BATCH = "hookcast.batch";
    static final String SINCE = "hookcast.since";
    /** Where the channel's broadcast stood at the handshake ({@link Broadcaster#startingPoint}). */
    static final String START = "hookcast.start";
    static final String REPLAY = "hookcast.replay";
    /** The peer's address, from {@link SubscribeFilter} through the handshake. */
    static final String REMOTE = "hookcast.remote";
    private static final String SUBSCRIBER = "hookcast.subscriber";
    private static final Subscriber[] NONE = {};
    private static final CloseReason SHUTDOWN = new CloseReason(CloseCodes.GOING_AWAY, "server shutdown");
    private static final CloseReason KICKED = new CloseReason(CloseCodes.VIOLATED_POLICY, "kicked by an admin");
    private static final CloseReason PING_TIMEOUT = new CloseReason(CloseCodes.GOING_AWAY, "ping timeout");
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(ChannelEndpoint.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Resource
    TimerService timers;

    @Inject
    CatchUp catchUp;

    @Inject
    DeliveryLog deliveries;

    @Inject
    Senders senders;

    @Inject
    @ConfigProperty(name = "hookcast.ws.ping-interval", defaultValue = "30s")
    Duration pingInterval;

    @Inject
    @ConfigProperty(name = "hookcast.ws.max-queued", defaultValue = "1000")
    int maxQueued;

    @Inject
    @ConfigProperty(name = "hookcast.ws.max-queued-bytes", defaultValue = "67108864")
    long maxQueuedBytes;

    @Inject
    @ConfigProperty(name = "hookcast.ws.stall-timeout", defaultValue = "30s")
    Duration stallTimeout;

    @Inject
    @ConfigProperty(name = "hookcast.ws.max-batch-bytes", defaultValue = "1048576")
    int maxBatchBytes;

    private final Map<String, Subscriber[]> channels = new ConcurrentHashMap<>();
    private Subscriber.Wiring wiring;
    private PingSchedule pings;

    @PostConstruct
    void start() {
        pings = PingSchedule.of(pingInterval);
        wiring = new Subscriber.Wiring(new Subscriber.Limits(maxQueued, maxQueuedBytes, 2 * pings.intervalNanos(),
                stallTimeout.toNanos(), maxBatchBytes), executor, deliveries, senders, catchUp);
        timers.createIntervalTimer(PingSchedule.TICK_MILLIS, PingSchedule.TICK_MILLIS, new TimerConfig("ping", false));
    }

    @OnOpen
    @Lock(LockType.WRITE)
    public void onOpen(Session session, @PathParam("channel") String channel) {
        // Liveness is the ping's job; a container idle timeout would also re-arm a timer on every send.
        session.setMaxIdleTimeout(0);
        Map<String, Object> properties = session.getUserProperties();
        Object since = properties.get(SINCE);
        Subscriber subscriber = new Subscriber(channel, session, Objects.requireNonNullElse((String) properties.get(REMOTE), "unknown"),
                since instanceof Long value ? value : Long.MAX_VALUE, Boolean.TRUE.equals(properties.get(REPLAY)),
                BATCH.equals(session.getNegotiatedSubprotocol()), wiring);
        subscriber.pingDueNanos = pings.firstDue(subscriber.id, System.nanoTime());
        properties.put(SUBSCRIBER, subscriber);
        // not an endpoint method: a close it runs must not nest in the registry's read lock
        session.addMessageHandler(PongMessage.class, pong -> subscriber.ponged());
        channels.merge(channel, new Subscriber[] {subscriber}, ChannelEndpoint::plus);
        if (properties.get(START) instanceof Long start) {
            broadcaster().registered(channel, start);
        }
        catchUp.start(subscriber);
    }

    @OnMessage
    public void onText(String part, boolean last, Session session) {
        seen(session);
    }

    @OnMessage
    public void onBinary(ByteBuffer part, boolean last, Session session) {
        seen(session);
    }

    @OnClose
    @Lock(LockType.WRITE)
    public void onClose(Session session) {
        remove(session);
    }

    @OnError
    @Lock(LockType.WRITE)
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.FINE, failure, () -> "Subscriber session " + session.getId() + " failed");
        remove(session);
    }

    /** The channel's subscribers now: an array that is never modified, safe to iterate while others come and go. */
    public Subscriber[] subscribers(String channel) {
        return channels.getOrDefault(channel, NONE);
    }

    /** How long ago the oldest hook not yet delivered to every subscriber arrived; zero when none waits. */
    public Duration lag() {
        long oldest = Long.MAX_VALUE;
        for (Subscriber[] subscribers : channels.values()) {
            for (Subscriber subscriber : subscribers) {
                oldest = Math.min(oldest, subscriber.oldestUndelivered());
            }
        }
        return oldest == Long.MAX_VALUE ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    }

    /** Every subscriber of every channel, for the admin API. */
    public List<Subscriber> all() {
        List<Subscriber> all = new ArrayList<>();
        channels.values().forEach(subscribers -> all.addAll(Arrays.asList(subscribers)));
        return all;
    }

    /**
     * Closes the subscriber with this id with 1008 (an admin's kick), after the frame in flight;
     * false if no such subscriber is connected.
     */
    public boolean kick(long id) {
        for (Subscriber[] subscribers : channels.values()) {
            for (Subscriber subscriber : subscribers) {
                if (subscriber.id == id) {
                    LOG.info(() -> "Closing subscriber " + id + " of channel " + subscriber.channel + ": kicked by an admin");
                    subscriber.requestClose(KICKED);
                    return true;
                }
            }
        }
        return false;
    }

    /** Pings the subscribers whose ping is due, and closes any silent for two intervals or overdue in closing. */
    @Timeout
    public void ping(Timer timer) {
        long silentLimit = 2 * pings.intervalNanos();
        long now = System.nanoTime();
        for (Subscriber[] subscribers : channels.values()) {
            for (Subscriber subscriber : subscribers) {
                if (subscriber.isClosing()) {
                    subscriber.closeIfOverdue(now);
                    continue;
                }
                if (now - subscriber.lastSeenNanos() > silentLimit) {
                    LOG.info(() -> "Closing subscriber " + subscriber.id() + " of channel " + subscriber.channel()
                            + ": no answer to pings");
                    subscriber.closeSilent(PING_TIMEOUT);
                    continue;
                }
                if (now - subscriber.pingDueNanos < 0) {
                    continue;
                }
                subscriber.pingDueNanos = pings.nextDue(subscriber.pingDueNanos, now);
                try {
                    subscriber.session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                } catch (Exception e) {
                    LOG.log(Level.FINE, e, () -> "Ping to subscriber " + subscriber.id + " failed");
                }
            }
        }
    }

    private void seen(Session session) {
        if (session.getUserProperties().get(SUBSCRIBER) instanceof Subscriber subscriber) {
            subscriber.seen();
        }
    }

    private void remove(Session session) {
        if (!(session.getUserProperties().remove(SUBSCRIBER) instanceof Subscriber subscriber)) {
            return;
        }
        subscriber.closed();
        if (channels.computeIfPresent(subscriber.channel, (name, subscribers) -> minus(subscribers, subscriber)) == null) {
            broadcaster().forget(subscriber.channel);
        }
    }

    /** Looked up when needed: the Broadcaster depends on this bean, not the other way round. */
    private static Broadcaster broadcaster() {
        return CDI.current().select(Broadcaster.class).get();
    }

    private static Subscriber[] plus(Subscriber[] subscribers, Subscriber[] added) {
        Subscriber[] result = Arrays.copyOf(subscribers, subscribers.length + added.length);
        System.arraycopy(added, 0, result, subscribers.length, added.length);
        return result;
    }

    private static Subscriber[] minus(Subscriber[] subscribers, Subscriber removed) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i] == removed) {
                if (subscribers.length == 1) {
                    return null;
                }
                Subscriber[] result = new Subscriber[subscribers.length - 1];
                System.arraycopy(subscribers, 0, result, 0, i);
                System.arraycopy(subscribers, i + 1, result, i, subscribers.length - i - 1);
                return result;
            }
        }
        return subscribers;
    }

    /** Closes every session with 1001 before the application stops, waiting at most a deadline. */
    @PreDestroy
    void stop() {
        List<Callable<Void>> closes = new ArrayList<>();
        for (Subscriber[] subscribers : channels.values()) {
            for (Subscriber subscriber : subscribers) {
                closes.add(() -> {
                    subscriber.close(SHUTDOWN);
                    return null;
                });
            }
        }
        if (closes.isEmpty()) {
            return;
        }
        try {
            executor.invokeAll(closes, SHUTDOWN_DEADLINE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing subscribers at shutdown failed", e);
        }
        channels.clear();
    }
}
