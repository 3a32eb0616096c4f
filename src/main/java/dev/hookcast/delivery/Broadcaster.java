package dev.hookcast.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.audit.HookRepository;
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
 * Takes committed hooks, in id order, and queues each one's frame (serialized once) on every
 * subscriber of its channel. One dispatcher thread keeps the order; queuing never waits on the
 * network, and a subscriber over its limits is closed with 1013 without slowing the others.
 */
@Startup
@Singleton
@DependsOn({"AuditDatabase", "ChannelEndpoint"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Broadcaster {

    private static final Logger LOG = Logger.getLogger(Broadcaster.class.getName());
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ChannelEndpoint endpoint;

    @Inject
    HookRepository hooks;

    @Inject
    RelayMetrics metrics;

    private final ArrayBlockingQueue<HooksAccepted> committed = new ArrayBlockingQueue<>(1024);
    private volatile boolean running = true;
    private volatile long lastDispatched;
    private Thread dispatcher;

    @PostConstruct
    void start() {
        lastDispatched = hooks.maxId();
        dispatcher = threads.newThread(this::run);
        dispatcher.setName("hookcast-dispatcher");
        dispatcher.start();
    }

    /** Runs on the ingest writer after each commit; waits only when the dispatcher is far behind. */
    public void onHooksAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HooksAccepted hooks) {
        try {
            while (!committed.offer(hooks, 100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    LOG.warning(() -> hooks.hooks().size() + " committed hooks were not broadcast: shutting down");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while the dispatcher thread runs. */
    public boolean isDispatching() {
        return dispatcher.isAlive();
    }

    /** Every hook with an id up to this one has been queued to every subscriber registered at the time. */
    public long lastDispatchedId() {
        return lastDispatched;
    }

    private void run() {
        while (running || !committed.isEmpty()) {
            try {
                HooksAccepted batch = committed.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    dispatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Broadcast failed", e);
            }
        }
    }

    /**
     * One registry snapshot per channel and batch: a subscriber that registers meanwhile noted a
     * {@code since} at or below the batch's hooks at its handshake, so its catch-up reads them.
     */
    private void dispatch(HooksAccepted batch) {
        Map<String, Subscriber[]> snapshots = new HashMap<>(4);
        for (HookAccepted hook : batch.hooks()) {
            dispatch(hook, snapshots.computeIfAbsent(hook.channel(), endpoint::subscribers));
        }
    }

    private void dispatch(HookAccepted hook, Subscriber[] subscribers) {
        offerAll(hook, false, subscribers);
        lastDispatched = hook.id();
        metrics.dispatched(Duration.between(hook.receivedAt(), Instant.now()));
    }

    /**
     * An admin's replay: the stored hook's frame, marked {@code "replay":true} and serialized
     * once, queued on the channel's subscribers now (also those that already had it). Each send
     * gets a delivery record of its own. Returns how many subscribers it was queued for.
     */
    public int replay(HookAccepted hook) {
        Subscriber[] subscribers = endpoint.subscribers(hook.channel());
        offerAll(hook, true, subscribers);
        return subscribers.length;
    }

    private static void offerAll(HookAccepted hook, boolean replay, Subscriber[] subscribers) {
        if (subscribers.length == 0) {
            return;
        }
        Frame frame = HookFrame.encode(hook.id(), hook.channel(), hook.receivedAt(), hook.contentType(),
                hook.headers(), hook.body(), replay);
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.offer(frame)) {
                LOG.info(() -> "Closing subscriber " + subscriber.id() + " of channel " + hook.channel()
                        + " as a slow consumer");
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        try {
            dispatcher.join(SHUTDOWN_DEADLINE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dispatcher.isAlive()) {
            LOG.warning("Dispatcher did not finish within the shutdown deadline");
            dispatcher.interrupt();
        }
    }
}
