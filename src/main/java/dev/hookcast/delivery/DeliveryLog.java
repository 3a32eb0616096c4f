package dev.hookcast.delivery;

import java.time.Instant;
import java.util.List;
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
 * The delivery audit: one record per hook and subscriber session, written off the broadcast
 * path by one thread in batches. Recording never waits: if the store falls so far behind that
 * the queue is full, records are counted as lost and logged. A crash loses what was not yet
 * written, at most one batch and the queue behind it (written within about a second).
 */
@ApplicationScoped
public class DeliveryLog {

    private static final Logger LOG = Logger.getLogger(DeliveryLog.class.getName());
    private static final int MAX_BATCH = 1000;
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;

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
    private BatchWriter<DeliveryRepository.Outcome> writer;

    @PostConstruct
    void start() {
        if (enabled) {
            writer = new BatchWriter<>("hookcast-delivery-log", capacity, MAX_BATCH, this::store, threads);
        }
    }

    public void delivered(long hookId, Subscriber subscriber) {
        metrics.delivered();
        record(hookId, subscriber, Delivery.Status.DELIVERED, null);
    }

    public void failed(long hookId, Subscriber subscriber, String error) {
        metrics.failed();
        record(hookId, subscriber, Delivery.Status.FAILED, error);
    }

    public void dropped(long hookId, Subscriber subscriber) {
        metrics.dropped();
        record(hookId, subscriber, Delivery.Status.DROPPED, null);
    }

    private void record(long hookId, Subscriber subscriber, Delivery.Status status, String error) {
        if (writer == null || hookId <= 0) {
            return;
        }
        if (!writer.offer(new DeliveryRepository.Outcome(hookId, Long.toString(subscriber.id), subscriber.remote,
                Instant.now(), status, error)) && lost.getAndIncrement() % 10_000 == 0) {
            LOG.warning(() -> "The delivery audit is behind: " + lost.get() + " records lost so far");
        }
    }

    /** Records that could not be queued because the store fell behind. */
    public long lost() {
        return lost.get();
    }

    private void store(List<DeliveryRepository.Outcome> batch) {
        try {
            repository.storeAll(batch);
        } catch (RuntimeException e) {
            lost.addAndGet(batch.size());
            LOG.log(Level.WARNING, e, () -> batch.size() + " delivery records could not be stored");
        }
    }

    @PreDestroy
    void stop() {
        if (writer != null) {
            List<DeliveryRepository.Outcome> left = writer.stop(SHUTDOWN_DEADLINE_MS);
            if (!left.isEmpty()) {
                LOG.warning(() -> left.size() + " delivery records were not stored at shutdown");
            }
        }
    }
}
