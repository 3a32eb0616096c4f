package dev.hookcast.delivery;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
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
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /ws/{channel}}: one singleton serves every subscriber's session; who subscribes to
 * what is the {@link SubscriberRegistry}'s, whose lock guards membership. A subscriber offering
 * the {@code hookcast.batch} subprotocol gets queued frames in one message, one per line.
 *
 * <p>Whatever clients send is read and discarded (partial handlers: nothing accumulates), and
 * counts as a sign of life; a message longer than {@link #MAX_CLIENT_MESSAGE} closes the session
 * with 1009 (the same on every container: WildFly hands over any frame in pieces, Payara each
 * frame whole); the server pings each session once every {@code hookcast.ws.ping-interval}
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
    /** The channel's name, parsed once by {@link SubscribeFilter}. */
    static final String CHANNEL = "hookcast.channel";
    /** The peer's address, from {@link SubscribeFilter} through the handshake. */
    static final String REMOTE = "hookcast.remote";
    private static final String SUBSCRIBER = "hookcast.subscriber";
    /** A client message longer than this (bytes; characters for text) closes its session with 1009. */
    public static final long MAX_CLIENT_MESSAGE = 65_536;
    private static final CloseReason TOO_BIG = new CloseReason(CloseCodes.TOO_BIG, "message too big");
    private static final CloseReason KICKED = new CloseReason(CloseCodes.VIOLATED_POLICY, "kicked by an admin");
    private static final CloseReason PING_TIMEOUT = new CloseReason(CloseCodes.GOING_AWAY, "ping timeout");
    private static final Logger LOG = Logger.getLogger(ChannelEndpoint.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Resource
    TimerService timers;

    @Inject
    CatchUp catchUp;

    @Inject
    SubscriberRegistry registry;

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
    @ConfigProperty(name = "hookcast.ws.max-batch-bytes", defaultValue = "65536")
    int maxBatchBytes;

    /** Where the container is Tyrus, write each hook's frame pre-framed, encoded once ({@link TyrusWire}). */
    @Inject
    @ConfigProperty(name = "hookcast.ws.preframed", defaultValue = "true")
    boolean preframed;

    private Subscriber.Wiring wiring;
    private PingSchedule pings;

    @PostConstruct
    void start() {
        pings = PingSchedule.of(pingInterval);
        wiring = new Subscriber.Wiring(new Subscriber.Limits(maxQueued, maxQueuedBytes, 2 * pings.intervalNanos(),
                stallTimeout.toNanos(), maxBatchBytes), executor, deliveries.direct(), senders, catchUp,
                (session, handler) -> Wire.of(session, preframed, handler));
        timers.createIntervalTimer(PingSchedule.TICK_MILLIS, PingSchedule.TICK_MILLIS, new TimerConfig("ping", false));
    }

    @OnOpen
    public void onOpen(Session session) {
        // Liveness is the ping's job; a container idle timeout would also re-arm a timer on every send.
        session.setMaxIdleTimeout(0);
        Map<String, Object> properties = session.getUserProperties();
        String channel = (String) properties.get(CHANNEL);
        Object since = properties.get(SINCE);
        Subscriber subscriber = new Subscriber(channel, session, Objects.requireNonNullElse((String) properties.get(REMOTE), "unknown"),
                since instanceof Long value ? value : Long.MAX_VALUE, Boolean.TRUE.equals(properties.get(REPLAY)),
                BATCH.equals(session.getNegotiatedSubprotocol()), wiring);
        subscriber.pingDueNanos = pings.firstDue(subscriber.id, System.nanoTime());
        properties.put(SUBSCRIBER, subscriber);
        // not an endpoint method: a close it runs must not nest in the registry's read lock
        session.addMessageHandler(PongMessage.class, pong -> subscriber.ponged());
        registry.register(subscriber, properties.get(START) instanceof Long start ? start : null);
        catchUp.start(subscriber);
    }

    @OnMessage
    public void onText(String part, boolean last, Session session) {
        received(session, part.length(), last);
    }

    @OnMessage
    public void onBinary(ByteBuffer part, boolean last, Session session) {
        received(session, part.remaining(), last);
    }

    @OnClose
    public void onClose(Session session) {
        remove(session);
    }

    @OnError
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.FINE, failure, () -> "Subscriber session " + session.getId() + " failed");
        remove(session);
    }

    /**
     * Closes the subscriber with this id with 1008 (an admin's kick), after the frame in flight;
     * false if no such subscriber is connected.
     */
    public boolean kick(long id) {
        Subscriber subscriber = registry.find(id);
        if (subscriber == null) {
            return false;
        }
        LOG.info(() -> "Closing subscriber " + id + " of channel " + subscriber.channel + ": kicked by an admin");
        subscriber.requestClose(KICKED);
        return true;
    }

    /** Pings the subscribers whose ping is due, and closes any silent for two intervals or overdue in closing. */
    @Timeout
    public void ping(Timer timer) {
        long silentLimit = 2 * pings.intervalNanos();
        long now = System.nanoTime();
        for (Subscriber subscriber : registry.all()) {
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

    /** A part of a client message: discarded, a sign of life; past {@link #MAX_CLIENT_MESSAGE}, an orderly close with 1009. */
    private void received(Session session, long size, boolean last) {
        if (!(session.getUserProperties().get(SUBSCRIBER) instanceof Subscriber subscriber)) {
            return;
        }
        if (subscriber.received(size, last) > MAX_CLIENT_MESSAGE) {
            subscriber.requestClose(TOO_BIG);
        }
    }

    private void remove(Session session) {
        if (!(session.getUserProperties().remove(SUBSCRIBER) instanceof Subscriber subscriber)) {
            return;
        }
        subscriber.closed();
        registry.forget(subscriber);
    }
}
