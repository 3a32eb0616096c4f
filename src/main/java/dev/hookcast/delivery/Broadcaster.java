package dev.hookcast.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.channel.Channel;
import dev.hookcast.channel.ChannelRepository;
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
    ChannelRepository channels;

    @Inject
    RelayMetrics metrics;

    private final ArrayBlockingQueue<List<HookAccepted>> committed = new ArrayBlockingQueue<>(1024);
    /** Per channel with subscribers here (and being subscribed to): every accepted hook up to this id was queued to them. */
    private final ConcurrentHashMap<String, Long> broadcastThrough = new ConcurrentHashMap<>();
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

    /**
     * Where a new subscriber of the channel starts: every accepted hook of the channel up to the
     * returned id either was already broadcast or was committed before this call, so a
     * subscriber registered after it, catching up from this id, misses none accepted later.
     */
    public long startingPoint(String channel) {
        return broadcastThrough.computeIfAbsent(channel, this::lastAccepted);
    }

    /**
     * A subscriber registers, having started at {@code start} (its {@link #startingPoint}): if
     * its channel was forgotten meanwhile, broadcasting resumes from there. Under the registry's
     * write lock, like {@link #forget}.
     */
    public void registered(String channel, long start) {
        broadcastThrough.putIfAbsent(channel, start);
    }

    /** The channel's last subscriber here left: forget it, so the map holds only channels with subscribers. */
    public void forget(String channel) {
        broadcastThrough.remove(channel);
    }

    private long lastAccepted(String channel) {
        Channel row = channels.find(channel);
        return row == null ? 0 : row.getLastId();
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

    /** One registry snapshot per channel and batch: a subscriber registering meanwhile catches up from the store. */
    private void dispatch(List<HookAccepted> batch) {
        Map<String, Subscriber[]> snapshots = new HashMap<>(4);
        for (HookAccepted hook : batch) {
            Long through = broadcastThrough.get(hook.channel());
            if (through != null && hook.id() > through) {
                Subscriber[] subscribers = snapshots.computeIfAbsent(hook.channel(), endpoint::subscribers);
                if (hook.previousId() > through) {
                    fill(hook.channel(), through, hook.id(), subscribers);
                }
                dispatch(hook, subscribers);
            }
            metrics.dispatched(Duration.between(hook.receivedAt(), Instant.now()));
        }
    }

    /** Broadcasts, from the audit store, the channel's accepted hooks after {@code through} and before {@code before}. */
    private void fill(String channel, long through, long before, Subscriber[] subscribers) {
        long last = through;
        while (true) {
            List<Hook> page = hooks.findAcceptedSince(channel, last, CatchUp.PAGE, CatchUp.LOAD_BYTES);
            if (page.isEmpty()) {
                return;
            }
            for (Hook stored : page) {
                if (stored.getId() >= before) {
                    return;
                }
                dispatch(HookAccepted.stored(stored, last), subscribers);
                last = stored.getId();
            }
        }
    }

    /** Broadcasts what the audit store holds beyond each subscribed channel's last broadcast hook. */
    private void sweep() {
        for (Map.Entry<String, Long> entry : broadcastThrough.entrySet()) {
            String channel = entry.getKey();
            Subscriber[] subscribers = endpoint.subscribers(channel);
            if (subscribers.length > 0 && lastAccepted(channel) > entry.getValue()) {
                fill(channel, entry.getValue(), Long.MAX_VALUE, subscribers);
            }
        }
    }

    private void dispatch(HookAccepted hook, Subscriber[] subscribers) {
        offerAll(hook, false, subscribers);
        broadcastThrough.put(hook.channel(), hook.id());
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
        HookFrame.Frames frames = new HookFrame.Frames(hook, replay);
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.offer(frames.of(subscriber))) {
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
