package dev.hookcast.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.audit.RejectionCounts;
import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.BatchWriter;
import dev.hookcast.platform.NoServiceFiles;
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
 *
 * <p>When a commit fails and the audit store does not answer either, the store is down: the batch
 * is answered 503, and so is every batch for a back-off ({@link Backoff}: 200 ms, doubling up to
 * 2 s) without touching the store, after which the next batch tries again. The first commit that
 * succeeds ends the outage. So an outage costs each request one quick 503, and the store is not
 * hammered while it restarts.
 *
 * <p>Rejections are bounded writes: a few of each kind (channel, reason) a minute are committed as
 * hook rows in full, and every one is counted in a {@link RejectionTally} whose counts the writer
 * thread adds to table {@code rejection_count} every {@value #FLUSH_INTERVAL_MS} ms, one row per kind.
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
    private static final int PROBE_TIMEOUT_SECONDS = 1;
    static final long FLUSH_INTERVAL_MS = 2_000;
    /** Rejections written in full a minute, of all kinds together. */
    private static final int RECORDED_PER_MINUTE = 1_000;
    /** Kinds of rejection tracked a minute before new ones count as other channels'. */
    private static final int MAX_KINDS = 1_000;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedExecutorService responder;

    @Inject
    HookCommitter committer;

    @Inject
    RelayMetrics metrics;

    @Inject
    AuditDatabase database;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-pending", defaultValue = "8192")
    int maxPending;

    @Inject
    IngestLimits limits;

    @Inject
    RejectionCounts rejectionCounts;

    @Inject
    @ConfigProperty(name = "hookcast.audit.rejected-per-minute", defaultValue = "10")
    int rejectedPerMinute;

    private long maxPendingBytes;
    private RejectionTally rejections;
    /** Touched by the writer thread only: when the rejection counts are written next (nanoTime). */
    private long nextFlush;
    /** Touched by the writer thread only: the last attempt to write the rejection counts failed. */
    private boolean flushFailing;
    private final AtomicLong pendingBytes = new AtomicLong();
    private BatchWriter<IncomingHook> writer;
    /** Touched by the writer thread only. */
    Backoff backoff = new Backoff(System::nanoTime);

    @PostConstruct
    void start() {
        maxPendingBytes = limits.maxPendingBytes();
        rejections = new RejectionTally(Math.max(0, rejectedPerMinute), RECORDED_PER_MINUTE, MAX_KINDS);
        nextFlush = System.nanoTime();
        writer = new BatchWriter<>("hookcast-ingest-writer", maxPending, MAX_BATCH, this::commitBatch,
                this::flushRejectionsWhenDue, threads);
    }

    /** Where requests hand their hooks to the writer, on this instance. */
    public interface Intake {

        /** {@link IngestWriter#submit}: queues a hook; false when the caller must answer 503. */
        boolean submit(IncomingHook hook);

        /** {@link IngestWriter#reject}: counts a rejected hook, and queues it to be written in full if its kind may. */
        void reject(IncomingHook rejected);
    }

    /**
     * The queue's entrance, for a caller to keep and call without the EJB container in between:
     * going through it on every request (interceptors, security check, invocation context) cost a
     * noticeable share of a request thread's time. Concurrency is the bean's own, so it is the same call.
     */
    public Intake intake() {
        return new Intake() {
            @Override
            public boolean submit(IncomingHook hook) {
                return IngestWriter.this.submit(hook);
            }

            @Override
            public void reject(IncomingHook rejected) {
                IngestWriter.this.reject(rejected);
            }
        };
    }

    /**
     * Counts a rejected hook (one with a {@code rejection}) and queues it to be audited in full
     * when its kind has not had its share of rows this minute; never answers anything.
     */
    private void reject(IncomingHook rejected) {
        RejectionTally.Kind kind = rejections.count(rejected.channel(), rejected.rejection(), rejected.receivedAt());
        if (kind != null && !submit(rejected)) {
            rejections.notRecorded(kind);
        }
    }

    /** On the writer thread, between batches: writes the rejection counts every {@link #FLUSH_INTERVAL_MS}. */
    private void flushRejectionsWhenDue() {
        long now = System.nanoTime();
        if (now - nextFlush >= 0) {
            nextFlush = now + FLUSH_INTERVAL_MS * 1_000_000;
            if (!backoff.holdsOff()) {
                flushRejections();
            }
        }
    }

    /** Adds the counts not yet written to the store; on failure they wait for the next time. */
    private void flushRejections() {
        List<RejectionCounts.Row> rows = rejections.unwritten();
        if (rows.isEmpty()) {
            return;
        }
        try {
            rejectionCounts.add(rows);
            rejections.flushed(rows, Instant.now());
            flushFailing = false;
        } catch (RuntimeException e) {
            // kept for the next time; the store being down is the hooks' back-off's to report
            if (!flushFailing && database.isAvailable(PROBE_TIMEOUT_SECONDS)) {
                LOG.log(Level.WARNING, e, () -> "Rejection counts of " + rows.size()
                        + " kinds could not be written; they are kept and tried again");
            }
            flushFailing = true;
        }
    }

    /**
     * Queues a hook for the next commit. Returns false, and answers nothing, when too much is
     * waiting or the server is stopping: the caller answers 503.
     */
    private boolean submit(IncomingHook hook) {
        long held = hook.heldBytes();
        if (pendingBytes.addAndGet(held) > maxPendingBytes && held > 0 || !writer.offer(hook)) {
            pendingBytes.addAndGet(-held);
            return false;
        }
        return true;
    }

    private void commitBatch(List<IncomingHook> batch) {
        long bytes = 0;
        for (IncomingHook hook : batch) {
            bytes += hook.heldBytes();
        }
        pendingBytes.addAndGet(-bytes);
        commit(batch);
    }

    /**
     * Commits a batch; if it fails while the store answers, each hook is tried alone so one bad
     * hook fails only itself; if the store does not answer, the batch is answered 503 and the
     * writer backs off.
     */
    void commit(List<IncomingHook> batch) {
        if (backoff.holdsOff()) {
            answerUnavailable(batch);
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = committer.commit(batch);
        } catch (RuntimeException e) {
            if (!database.isAvailable(PROBE_TIMEOUT_SECONDS)) {
                if (backoff.storeDown()) {
                    LOG.log(Level.WARNING, e,
                            () -> "The audit store is unavailable: ingest answers 503 until it is back");
                }
                answerUnavailable(batch);
                return;
            }
            if (batch.size() > 1) {
                for (IncomingHook hook : batch) {
                    commit(List.of(hook));
                }
                return;
            }
            LOG.log(Level.WARNING, e, () -> "A hook for channel " + batch.get(0).channel()
                    + " could not be committed; it was answered 503");
            answerFailed(batch.get(0));
            return;
        }
        if (backoff.storeBack()) {
            LOG.info("The audit store is back: ingest commits again");
        }
        metrics.committed(batch.size());
        Instant now = Instant.now();
        for (int i = 0; i < outcomes.size(); i++) {
            if (batch.get(i).accepted() && !outcomes.get(i).duplicate()) {
                metrics.accepted(batch.get(i).channel(), Duration.between(batch.get(i).receivedAt(), now));
            }
        }
        answerCommitted(batch, outcomes);
    }

    /**
     * Answering writes to sockets: leave that to another thread, the writer goes on committing. When
     * the container has no thread to spare (its default executor refuses work once its 200 threads
     * are busy), the writer answers itself: a committed hook is always acknowledged.
     */
    void answerCommitted(List<IncomingHook> batch, List<Outcome> outcomes) {
        List<IncomingHook> answered = List.copyOf(batch);
        NoServiceFiles.executeOrRun(responder, () -> {
            for (int i = 0; i < outcomes.size(); i++) {
                answered.get(i).committed(outcomes.get(i));
            }
        });
    }

    /** Answers 503 for a hook the store answered but would not take. */
    void answerFailed(IncomingHook hook) {
        hook.failed("The audit store could not take the hook.");
    }

    /** Answers 503 from another thread, as {@link #answerCommitted} does: the writer goes on. */
    void answerUnavailable(List<IncomingHook> batch) {
        List<IncomingHook> answered = List.copyOf(batch);
        NoServiceFiles.executeOrRun(responder, () -> answered.forEach(hook -> hook.failed("The audit store is unavailable.")));
    }

    /** True while the writer thread runs. */
    public boolean isWriting() {
        return writer.isRunning();
    }

    @PreDestroy
    void stop() {
        writer.stop(SHUTDOWN_DEADLINE_MS).forEach(hook -> hook.failed("The server is stopping."));
        if (rejectionCounts != null) {
            flushRejections();
        }
    }
}
