package dev.hookcast.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.audit.Hook;
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
 * Takes committed hooks and queues each one's frame (serialized once) on every subscriber of its
 * channel. One dispatcher thread keeps the order; queuing never waits on the network, and a
 * subscriber over its limits is closed with 1013 without slowing the others.
 *
 * <p>Hooks come from this instance's ingest and, with several instances, from the others
 * (through {@link #onRemote}). For every channel that has subscribers here, the dispatcher
 * keeps the id of the last hook it broadcast; a hook whose predecessor in the channel is beyond
 * that id shows a gap (a hook of another instance not yet, or never, announced), which is read
 * from the audit store first, and a hook at or below it was already broadcast and is skipped.
 * So each subscriber gets every hook once, in the channel's order, whatever the path. With
 * {@link #sweepEvery} set, the dispatcher also looks in the audit store for hooks nobody
 * announced (an instance that crashed after commit, a broker that was down).
 */
@Startup
@Singleton
@DependsOn({"AuditDatabase", "SubscriberRegistry", "ChannelEndpoint"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Broadcaster {

    private static final Logger LOG = Logger.getLogger(Broadcaster.class.getName());
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;
    /** Frames queued, over all subscribers, after which the sends they start are started without waiting for the rest of the batch. */
    static final int START_EVERY = 4_096;
    /** The audience of a channel nobody here subscribes to. */
    private static final SubscriberRegistry.Audience NOBODY = new SubscriberRegistry.Audience(new Subscriber[0], 0);

    @Resource
    ManagedThreadFactory threads;

    @Inject
    SubscriberRegistry registry;

    @Inject
    HookRepository hooks;

    @Inject
    RelayMetrics metrics;

    private final ArrayBlockingQueue<List<HookAccepted>> committed = new ArrayBlockingQueue<>(1024);
    private volatile boolean running = true;
    private volatile long sweepNanos;
    private volatile boolean sweepNow;
    private Thread dispatcher;

    @PostConstruct
    void start() {
        dispatcher = threads.newThread(this::run);
        dispatcher.setName("hookcast-dispatcher");
        dispatcher.start();
    }

    /** Runs on the ingest writer after each commit; waits only when the dispatcher is far behind. */
    public void onHooksAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HooksAccepted hooks) {
        enqueue(hooks.hooks());
    }

    /** Hooks another instance committed, in its commit order. */
    public void onRemote(List<HookAccepted> hooks) {
        enqueue(hooks);
    }

    private void enqueue(List<HookAccepted> hooks) {
        try {
            while (!committed.offer(hooks, 100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    LOG.warning(() -> hooks.size() + " committed hooks were not broadcast: shutting down");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From now on, also read the audit store for unannounced hooks of the channels with
     * subscribers, at this interval, and once at the next chance when {@link #sweepSoon} is called.
     */
    public void sweepEvery(Duration interval) {
        sweepNanos = interval.toNanos();
    }

    /** Asks for a sweep of the audit store as soon as the dispatcher is free (after a broker outage). */
    public void sweepSoon() {
        sweepNow = true;
    }

    /** True while the dispatcher thread runs. */
    public boolean isDispatching() {
        return dispatcher.isAlive();
    }

    private void run() {
        long nextSweep = System.nanoTime();
        while (running || !committed.isEmpty()) {
            try {
                List<HookAccepted> batch = committed.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    dispatch(batch);
                }
                long now = System.nanoTime();
                if (sweepNanos > 0 && (sweepNow || now - nextSweep >= 0)) {
                    sweepNow = false;
                    nextSweep = now + sweepNanos;
                    sweep();
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
     * One registry snapshot per channel and batch (a subscriber registering meanwhile catches up
     * from the store), and the channel's cursor advanced once, after the batch.
     *
     * <p>The sends that the batch's frames start are started together, after the frames of the
     * batch are queued (or every {@value #START_EVERY} frames queued, so that a large batch to many
     * subscribers does not hold the first ones back, and before a gap is read from the store, whose
     * frames could overflow a queue whose send is held): a subscriber then gets a batch's frames in
     * one write, not one write each while the dispatcher is still queueing the next.
     */
    void dispatch(List<HookAccepted> batch) {
        Map<String, SubscriberRegistry.Audience> audiences = new HashMap<>(4);
        List<Subscriber> toStart = new ArrayList<>();
        try {
            int queued = 0;
            for (HookAccepted hook : batch) {
                SubscriberRegistry.Audience audience = audiences.computeIfAbsent(hook.channel(), this::audience);
                if (audience != NOBODY && hook.id() > audience.through) {
                    if (hook.previousId() > audience.through) {
                        startSending(toStart); // a gap may be long: its frames must not wait behind a held send
                        audience.through = fill(hook.channel(), audience.through, hook.id(), audience.members);
                    }
                    offerAll(hook, false, audience.members, toStart);
                    audience.through = hook.id();
                    queued += audience.members.length;
                    if (queued >= START_EVERY) {
                        startSending(toStart);
                        queued = 0;
                    }
                }
                metrics.dispatched(Duration.between(hook.receivedAt(), Instant.now()));
            }
        } finally {
            startSending(toStart);
        }
        audiences.forEach((channel, audience) -> {
            if (audience != NOBODY) {
                registry.advance(channel, audience.through);
            }
        });
    }

    private static void startSending(List<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            subscriber.startSending();
        }
        subscribers.clear();
    }

    private SubscriberRegistry.Audience audience(String channel) {
        SubscriberRegistry.Audience audience = registry.audience(channel);
        return audience == null ? NOBODY : audience;
    }

    /**
     * Broadcasts, from the audit store, the channel's accepted hooks after {@code through} and
     * before {@code before}; returns the id of the last one broadcast.
     */
    private long fill(String channel, long through, long before, Subscriber[] subscribers) {
        long last = through;
        while (true) {
            List<Hook> page = hooks.findAcceptedSince(channel, last, CatchUp.PAGE, CatchUp.LOAD_BYTES);
            if (page.isEmpty()) {
                return last;
            }
            for (Hook stored : page) {
                if (stored.getId() >= before) {
                    return last;
                }
                offerAll(HookAccepted.stored(stored, last), false, subscribers, null);
                last = stored.getId();
            }
        }
    }

    /** Broadcasts what the audit store holds beyond each subscribed channel's last broadcast hook. */
    private void sweep() {
        for (Map.Entry<String, Long> cursor : registry.cursors().entrySet()) {
            String channel = cursor.getKey();
            Subscriber[] subscribers = registry.subscribers(channel);
            if (subscribers.length > 0 && registry.lastAccepted(channel) > cursor.getValue()) {
                registry.advance(channel, fill(channel, cursor.getValue(), Long.MAX_VALUE, subscribers));
            }
        }
    }

    /** An admin's replay on this instance (the event is fired synchronously on the admin's request thread). */
    public void onReplay(@Observes HookReplayed replayed) {
        replayed.queuedFor(replay(replayed.hook()));
    }

    /**
     * An admin's replay: the stored hook's frame, marked {@code "replay":true} and serialized
     * once, queued on the channel's subscribers now (also those that already had it). Each send
     * gets a delivery record of its own. Returns how many subscribers it was queued for.
     */
    public int replay(HookAccepted hook) {
        Subscriber[] subscribers = registry.subscribers(hook.channel());
        offerAll(hook, true, subscribers, null);
        return subscribers.length;
    }

    /** Queues the hook's frame on each subscriber; sends it starts are left to {@code toStart} unless that is null. */
    private static void offerAll(HookAccepted hook, boolean replay, Subscriber[] subscribers, List<Subscriber> toStart) {
        if (subscribers.length == 0) {
            return;
        }
        HookFrame.Frames frames = new HookFrame.Frames(hook, replay);
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.offer(frames.of(subscriber), toStart)) {
                LOG.fine(() -> "Subscriber " + subscriber.id() + " of channel " + hook.channel()
                        + " fell behind: it reads from the audit store");
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
