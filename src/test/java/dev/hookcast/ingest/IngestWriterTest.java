package dev.hookcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.RelayMetrics;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * The writer's decisions on a batch, without a container: a store that is down is left alone
 * for the back-off and every batch meanwhile is answered 503; a store that answers but will not
 * take a batch has each hook tried alone. The store, its probe and the clock are the test's.
 */
class IngestWriterTest {

    private final AtomicLong clock = new AtomicLong();
    /** Each batch the writer tried to commit: its channels. */
    private final List<List<String>> commits = new ArrayList<>();
    private final List<String> committed = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private int probes;
    private boolean down;
    private IngestWriter writer;

    @BeforeEach
    void setUp() {
        writer = new IngestWriter() {
            @Override
            void answerCommitted(List<IncomingHook> batch, List<Outcome> outcomes) {
                batch.forEach(hook -> committed.add(hook.channel()));
            }

            @Override
            void answerFailed(IncomingHook hook) {
                failed.add(hook.channel());
            }

            @Override
            void answerUnavailable(List<IncomingHook> batch) {
                batch.forEach(hook -> unavailable.add(hook.channel()));
            }
        };
        writer.backoff = new Backoff(clock::get);
        writer.metrics = new RelayMetrics();
        writer.committer = new HookCommitter() {
            @Override
            public List<Outcome> commit(List<IncomingHook> batch) {
                commits.add(batch.stream().map(IncomingHook::channel).toList());
                if (down) {
                    throw new IllegalStateException("connection refused");
                }
                if (batch.stream().anyMatch(hook -> hook.channel().startsWith("poison"))) {
                    throw new IllegalStateException("value too long");
                }
                return batch.stream().map(hook -> new Outcome(commits.size(), hook.receivedAt(), false)).toList();
            }
        };
        writer.database = new AuditDatabase() {
            @Override
            public boolean isAvailable(int timeoutSeconds) {
                probes++;
                return !down;
            }
        };
    }

    private static List<IncomingHook> batch(String... channels) {
        List<IncomingHook> batch = new ArrayList<>();
        for (String channel : channels) {
            batch.add(new IncomingHook(channel, Instant.now(), "text/plain", List.of(), "127.0.0.1", new byte[0], 0,
                    null, null, null, null, "/hooks/" + channel + "/"));
        }
        return batch;
    }

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void whileTheStoreIsDownEveryBatchIsAnswered503AndTheStoreIsTriedOnlyWhenTheBackOffEnds() {
        down = true;
        writer.commit(batch("a", "b"));
        assertEquals(List.of(List.of("a", "b")), commits);
        assertEquals(1, probes);
        assertEquals(List.of("a", "b"), unavailable, "the whole batch, not hook by hook");
        assertEquals(200, writer.backoff.waitMillis());

        advance(199);
        writer.commit(batch("c"));
        assertEquals(1, commits.size(), "the store is left alone during the back-off");
        assertEquals(1, probes);
        assertEquals(List.of("a", "b", "c"), unavailable);

        advance(1);
        writer.commit(batch("d"));
        assertEquals(2, commits.size(), "tried again once the back-off ended");
        assertEquals(400, writer.backoff.waitMillis(), "failed again: the back-off doubles");

        down = false;
        advance(400);
        writer.commit(batch("e"));
        assertEquals(List.of("e"), committed);
        assertEquals(0, writer.backoff.waitMillis(), "the first commit that succeeds ends the outage");
        writer.commit(batch("f"));
        assertEquals(List.of("e", "f"), committed);

        down = true;
        writer.commit(batch("g"));
        assertEquals(200, writer.backoff.waitMillis(), "a new outage starts from 200 ms");
        assertEquals(List.of(), failed);
    }

    @Test
    void whenTheStoreAnswersButRefusesABatchEachHookIsTriedAloneAndOnlyTheBadOneFails() {
        writer.commit(batch("a", "poison", "b"));
        assertEquals(List.of(List.of("a", "poison", "b"), List.of("a"), List.of("poison"), List.of("b")), commits);
        assertEquals(2, probes, "one for the batch, one for the hook that failed alone");
        assertEquals(List.of("a", "b"), committed);
        assertEquals(List.of("poison"), failed);
        assertEquals(List.of(), unavailable);
        assertEquals(0, writer.backoff.waitMillis(), "no back-off: the store is up");

        writer.commit(batch("c"));
        assertEquals(List.of("a", "b", "c"), committed, "the next batch commits at once");
    }

    @Test
    void aRejectionsDeclaredSizeDoesNotCountAgainstThePendingBytes() {
        writer.limits = new IngestLimits();
        writer.limits.maxPendingBytes = 1_000;
        writer.maxPending = 100;
        writer.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                return new Thread(task);
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        writer.start();
        try {
            IngestWriter.Intake intake = writer.intake();
            for (int i = 0; i < 10; i++) {
                assertTrue(intake.submit(new IncomingHook("huge", Instant.now(), null, List.of(), "127.0.0.1", null,
                        2_000_000_000L, null, "body too large: over 1000 bytes", null, null, null)),
                        "a rejection holds no body: it is queued to be audited whatever size it declared");
            }
            assertTrue(intake.submit(hook("valid", 900)), "a valid hook is not pushed into 503 by them");
            assertFalse(intake.submit(hook("over", 1_001)), "a body over the pending bytes still is");
        } finally {
            writer.stop();
        }
    }

    private static IncomingHook hook(String channel, int bytes) {
        return new IncomingHook(channel, Instant.now(), "text/plain", List.of(), "127.0.0.1", new byte[bytes], bytes,
                null, null, null, null, "/hooks/" + channel + "/");
    }
}
