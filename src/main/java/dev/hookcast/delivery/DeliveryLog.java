package dev.hookcast.delivery;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.audit.Delivery;
import dev.hookcast.audit.DeliveryRepository;
import dev.hookcast.platform.BatchWriter;
import dev.hookcast.platform.RelayMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The delivery audit, written off the broadcast path by one thread in batches.
 *
 * <p>A subscriber is sent every hook of its channel in order, so its deliveries are recorded as
 * runs ({@link Delivery}): a delivered hook extends the subscriber's open run, without
 * allocating, and the run becomes one record when the next hook would leave its bucket, when
 * the subscriber goes, or at the latest {@link #RUN_MILLIS} after it opened. Failures, drops
 * and replays are records of one hook. Recording never waits: if the store falls so far behind
 * that the queue is full, records are counted as lost and logged. A crash loses what was not
 * yet written: the open runs and the queue (written within about a second).
 */
@ApplicationScoped
public class DeliveryLog {

    private static final Logger LOG = Logger.getLogger(DeliveryLog.class.getName());
    private static final int MAX_BATCH = 1000;
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;
    /** How long a run stays open at most: records are visible within about this, plus a batch. */
    static final long RUN_MILLIS = 1_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    DeliveryRepository repository;

    @Inject
    RelayMetrics metrics;

    @Inject
    @ConfigProperty(name = "hookcast.audit.deliveries", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "hookcast.audit.delivery-queue", defaultValue = "200000")
    int capacity;

    private final AtomicLong lost = new AtomicLong();
    /** Subscribers whose run is (or was, if it closed meanwhile) open; the writer closes them when due. */
    private final ConcurrentLinkedQueue<Subscriber> open = new ConcurrentLinkedQueue<>();
    /** When the writer next closes the open runs; touched by the writer thread only. */
    private long closeRunsAtNanos;
    private BatchWriter<DeliveryRepository.Outcome> writer;

    @PostConstruct
    void start() {
        if (enabled) {
            writer = new BatchWriter<>("hookcast-delivery-log", capacity, MAX_BATCH, this::store, this::closeRunsDue,
                    threads);
        }
    }

    /**
     * This bean itself, not its CDI client proxy: subscribers record every completed write here,
     * and the proxy's context lookup on each call was a noticeable share of a sender's CPU.
     * Application scoped, so the instance lives as long as the application.
     */
    public DeliveryLog direct() {
        return this;
    }

    /** A write of these frames (an admin's replay for a frame marked so) succeeded. */
    void delivered(List<Frame> sent, Subscriber subscriber) {
        metrics.delivered(sent.size());
        if (writer == null) {
            return;
        }
        for (int i = 0; i < sent.size(); i++) {
            Frame frame = sent.get(i);
            long hookId = frame.id();
            if (hookId <= 0) {
                continue;
            }
            if (frame.replay()) {
                record(subscriber, hookId, hookId, 1, System.currentTimeMillis(), Delivery.Status.DELIVERED, null);
            } else if (subscriber.run.add(hookId, this, subscriber)) {
                open.add(subscriber);
            }
        }
    }

    public void failed(long hookId, Subscriber subscriber, String error) {
        metrics.failed();
        recordOne(hookId, subscriber, Delivery.Status.FAILED, error);
    }

    public void dropped(long hookId, Subscriber subscriber) {
        metrics.dropped();
        recordOne(hookId, subscriber, Delivery.Status.DROPPED, null);
    }

    /** The subscriber is gone: its open run is recorded now. */
    public void closed(Subscriber subscriber) {
        if (writer != null) {
            subscriber.run.close(this, subscriber);
        }
    }

    private void recordOne(long hookId, Subscriber subscriber, Delivery.Status status, String error) {
        if (writer != null && hookId > 0) {
            record(subscriber, hookId, hookId, 1, System.currentTimeMillis(), status, error);
        }
    }

    private void record(Subscriber subscriber, long firstHook, long lastHook, int hooks, long atMillis,
            Delivery.Status status, String error) {
        if (!writer.offer(new DeliveryRepository.Outcome(subscriber.channel, firstHook, lastHook, hooks,
                Long.toString(subscriber.id), subscriber.remote, Instant.ofEpochMilli(atMillis), status, error))) {
            long before = lost.getAndAdd(hooks);
            if (before == 0 || before / 10_000 != (before + hooks) / 10_000) {
                LOG.warning(() -> "The delivery audit is behind: " + lost.get() + " deliveries not recorded so far");
            }
        }
    }

    /** Deliveries that could not be recorded because the store fell behind. */
    public long lost() {
        return lost.get();
    }

    /** On the writer thread, between batches: closes the runs opened before the last round. */
    private void closeRunsDue() {
        long now = System.nanoTime();
        if (now - closeRunsAtNanos < 0) {
            return;
        }
        closeRunsAtNanos = now + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        closeOpenRuns();
    }

    private void closeOpenRuns() {
        for (int n = open.size(); n > 0; n--) {
            Subscriber subscriber = open.poll();
            if (subscriber == null) {
                return;
            }
            subscriber.run.close(this, subscriber);
        }
    }

    private void store(List<DeliveryRepository.Outcome> batch) {
        try {
            repository.storeAll(batch);
        } catch (RuntimeException e) {
            long deliveries = batch.stream().mapToLong(DeliveryRepository.Outcome::hooks).sum();
            lost.addAndGet(deliveries);
            LOG.log(Level.WARNING, e, () -> deliveries + " delivery records could not be stored");
        }
    }

    @PreDestroy
    void stop() {
        if (writer != null) {
            closeOpenRuns();
            List<DeliveryRepository.Outcome> left = writer.stop(SHUTDOWN_DEADLINE_MS);
            if (!left.isEmpty()) {
                LOG.warning(() -> left.size() + " delivery records were not stored at shutdown");
            }
        }
    }

    /**
     * A subscriber's open run of delivered hooks: consecutive ids of its channel's stream, within
     * one bucket. Guarded by itself; taken with or without the subscriber's lock, never the reverse.
     */
    static final class Run {
        private long first;
        private long last;
        private long atMillis;
        private int hooks;

        /** Adds a delivered hook; true if it opened the run (the log must come back to close it). */
        synchronized boolean add(long hookId, DeliveryLog log, Subscriber subscriber) {
            boolean opened = hooks == 0;
            if (!opened && (hookId <= last || Delivery.bucket(hookId) != Delivery.bucket(first))) {
                log.record(subscriber, first, last, hooks, atMillis, Delivery.Status.DELIVERED, null);
                hooks = 0;
            }
            if (hooks == 0) {
                first = hookId;
            }
            last = hookId;
            hooks++;
            atMillis = System.currentTimeMillis();
            return opened;
        }

        synchronized void close(DeliveryLog log, Subscriber subscriber) {
            if (hooks > 0) {
                log.record(subscriber, first, last, hooks, atMillis, Delivery.Status.DELIVERED, null);
                hooks = 0;
            }
        }
    }
}
