package dev.hookcast.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.platform.BatchWriter;
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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

/**
 * Group commit: requests hand their hooks to one writer thread, which commits whatever has
 * queued up in one transaction and then answers every request of the batch. One writer per
 * instance also means hooks are committed, and so broadcast, in the order their ids were drawn.
 */
@Startup
@Singleton
@DependsOn({"AuditDatabase", "Broadcaster"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IngestWriter {

    private static final Logger LOG = Logger.getLogger(IngestWriter.class.getName());
    private static final int MAX_BATCH = 256;
    private static final long SHUTDOWN_DEADLINE_MS = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedExecutorService responder;

    @Inject
    HookCommitter committer;

    @Inject
    RelayMetrics metrics;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-pending", defaultValue = "8192")
    int maxPending;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-pending-bytes", defaultValue = "268435456")
    long maxPendingBytes;

    private final AtomicLong pendingBytes = new AtomicLong();
    private BatchWriter<IncomingHook> writer;

    @PostConstruct
    void start() {
        writer = new BatchWriter<>("hookcast-ingest-writer", maxPending, MAX_BATCH, this::commitBatch, threads);
    }

    /**
     * Queues a hook for the next commit. Returns false, and answers nothing, when too much is
     * waiting or the server is stopping: the caller answers 503.
     */
    public boolean submit(IncomingHook hook) {
        if (pendingBytes.addAndGet(hook.size()) > maxPendingBytes && hook.size() > 0 || !writer.offer(hook)) {
            pendingBytes.addAndGet(-hook.size());
            return false;
        }
        return true;
    }

    private void commitBatch(List<IncomingHook> batch) {
        long bytes = 0;
        for (IncomingHook hook : batch) {
            bytes += hook.size();
        }
        pendingBytes.addAndGet(-bytes);
        commit(batch);
    }

    /** Commits a batch; if it fails, each hook is tried alone so one bad hook fails only itself. */
    private void commit(List<IncomingHook> batch) {
        List<Outcome> outcomes;
        try {
            outcomes = committer.commit(batch);
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                for (IncomingHook hook : batch) {
                    commit(List.of(hook));
                }
                return;
            }
            LOG.log(Level.WARNING, e, () -> "A hook for channel " + batch.get(0).channel()
                    + " could not be committed; it was answered 503");
            batch.get(0).failed("The audit store could not take the hook.");
            return;
        }
        Instant now = Instant.now();
        for (int i = 0; i < outcomes.size(); i++) {
            if (batch.get(i).accepted() && !outcomes.get(i).duplicate()) {
                metrics.accepted(batch.get(i).channel(), Duration.between(batch.get(i).receivedAt(), now));
            }
        }
        // Answering writes to sockets: leave that to another thread, the writer goes on committing.
        List<IncomingHook> answered = List.copyOf(batch);
        responder.execute(() -> {
            for (int i = 0; i < outcomes.size(); i++) {
                answered.get(i).committed(outcomes.get(i));
            }
        });
    }

    /** True while the writer thread runs. */
    public boolean isWriting() {
        return writer.isRunning();
    }

    @PreDestroy
    void stop() {
        writer.stop(SHUTDOWN_DEADLINE_MS).forEach(hook -> hook.failed("The server is stopping."));
    }
}
