package dev.hookcast.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    @Inject
    HookCommitter committer;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-pending", defaultValue = "8192")
    int maxPending;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-pending-bytes", defaultValue = "268435456")
    long maxPendingBytes;

    private ArrayBlockingQueue<IncomingHook> pending;
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile boolean running = true;
    private Thread writer;

    @PostConstruct
    void start() {
        pending = new ArrayBlockingQueue<>(maxPending);
        writer = threads.newThread(this::run);
        writer.setName("hookcast-ingest-writer");
        writer.start();
    }

    /**
     * Queues a hook for the next commit. Returns false, and answers nothing, when the queue is
     * full or the server is stopping: the caller answers 503.
     */
    public boolean submit(IncomingHook hook) {
        if (!running) {
            return false;
        }
        if (pendingBytes.addAndGet(hook.size()) > maxPendingBytes && hook.size() > 0) {
            pendingBytes.addAndGet(-hook.size());
            return false;
        }
        if (!pending.offer(hook)) {
            pendingBytes.addAndGet(-hook.size());
            return false;
        }
        return true;
    }

    private void run() {
        List<IncomingHook> batch = new ArrayList<>(MAX_BATCH);
        while (running || !pending.isEmpty()) {
            try {
                IncomingHook first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                long bytes = 0;
                for (IncomingHook hook : batch) {
                    bytes += hook.size();
                }
                pendingBytes.addAndGet(-bytes);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Ingest writer failed on a batch; its requests were answered 503", e);
                batch.forEach(hook -> hook.failed("The audit store failed."));
            } finally {
                batch.clear();
            }
        }
        IncomingHook left;
        while ((left = pending.poll()) != null) {
            left.failed("The server is stopping.");
        }
    }

    /** Commits a batch; if it fails, each hook is tried alone so one bad hook fails only itself. */
    private void commit(List<IncomingHook> batch) {
        long[] ids;
        try {
            ids = committer.commit(batch);
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
        for (int i = 0; i < ids.length; i++) {
            batch.get(i).committed(ids[i]);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        try {
            writer.join(SHUTDOWN_DEADLINE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warning("Ingest writer did not finish within the shutdown deadline");
            writer.interrupt();
        }
    }
}
