package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

/**
 * PostgreSQL goes away in the middle of a burst and comes back: while it is away ingest answers
 * 503 problem+json, quickly, and health says DOWN; every hook answered 202 is in the audit store
 * and reached the subscriber; ingest recovers by itself. The outage is this test's own database
 * refusing connections with all of its sessions ended ({@link TestDatabase#block}), which the
 * server cannot tell from a stopped PostgreSQL, and which leaves other databases on a shared
 * PostgreSQL alone. Runs in both suites (H2 and {@code -Ppostgresql}); without PostgreSQL it is skipped.
 */
@NeedsPostgres
class DatabaseOutageIT {

    private static final int SENDERS = 4;
    /** How long any ingest answer may take, outage or not: a request is never held for long. */
    private static final Duration QUICK = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String database;
    private static MicroProcess micro;
    private static Hookcast hookcast;

    /** One ingest answer, with when it was asked and answered (System.nanoTime). */
    record Answer(long sentAt, long answeredAt, int status, String contentType, String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path data = MicroProcess.dataDir("outage-");
        database = TestDatabase.database(data.getFileName().toString());
        micro = MicroProcess.start(data, data.resolve("micro.log"), MicroProcess.freePort(),
                TestDatabase.postgresProperties(database).toArray(String[]::new));
        hookcast = new Hookcast(micro.base());
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            TestDatabase.unblock(database);
        }
        if (micro != null) {
            micro.close();
        }
    }

    @Test
    void ingestAnswers503WhileTheDatabaseIsAwayAndRecoversByItself() throws Exception {
        String channel = Hookcast.uniqueChannel("outage");
        TestSubscriber subscriber = hookcast.subscribe(channel);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            running.add(senders.submit(() -> {
                for (int i = 0; sending.get(); i++) {
                    long sentAt = System.nanoTime();
                    HttpResponse<String> response = hookcast.post(channel, "application/json",
                            ("{\"sender\":" + sender + ",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    answers.add(new Answer(sentAt, System.nanoTime(), response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(""), response.body()));
                    synchronized (answers) {
                        answers.notifyAll();
                    }
                }
                return null;
            }));
        }
        long blockedAt;
        long unblockedAt;
        try {
            await(answers, "50 hooks accepted before the outage", () -> count(answers, 202, 0, Long.MAX_VALUE) >= 50);

            TestDatabase.block(database);
            blockedAt = System.nanoTime();
            long outageAtLeast = blockedAt + Duration.ofSeconds(6).toNanos();
            await(answers, "20 answers of 503 and health DOWN in an outage of 6 s (longer than the settings cache)", () -> {
                try {
                    return healthStatus() == 503 && count(answers, 503, blockedAt, Long.MAX_VALUE) >= 20
                            && System.nanoTime() - outageAtLeast > 0;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            TestDatabase.unblock(database);
            unblockedAt = System.nanoTime();

            await(answers, "ingest recovered by itself: 50 hooks accepted after the outage",
                    () -> count(answers, 202, unblockedAt, Long.MAX_VALUE) >= 50);
        } finally {
            sending.set(false);
            for (Future<?> sender : running) {
                sender.get();
            }
            senders.shutdown();
        }

        List<Answer> all = new ArrayList<>(answers);
        for (Answer answer : all) {
            assertTrue(answer.status() == 202 || answer.status() == 503, answer.status() + ": " + answer.body());
            Duration took = Duration.ofNanos(answer.answeredAt() - answer.sentAt());
            assertTrue(took.compareTo(QUICK) < 0, "an answer " + answer.status() + " took " + took);
            if (answer.status() == 503) {
                assertEquals("application/problem+json", answer.contentType());
                assertEquals(503, Hookcast.json(answer.body()).getInt("status"), answer.body());
            }
        }
        List<Answer> duringOutage = all.stream()
                .filter(answer -> answer.sentAt() > blockedAt && answer.answeredAt() < unblockedAt)
                .collect(Collectors.toList());
        assertTrue(duringOutage.size() >= 20, "answers during the outage: " + duringOutage.size());
        assertTrue(duringOutage.stream().allMatch(answer -> answer.status() == 503),
                "never 202 while the database is away: " + duringOutage.stream().filter(answer -> answer.status() != 503)
                        .map(Answer::body).collect(Collectors.toList()));

        List<Long> acceptedIds = all.stream().filter(answer -> answer.status() == 202)
                .map(answer -> Long.parseLong(Hookcast.json(answer.body()).getString("id")))
                .sorted().collect(Collectors.toList());
        for (long id : acceptedIds) {
            HttpResponse<String> stored = hookcast.get("api/admin/hooks/" + id);
            assertEquals(200, stored.statusCode(), "hook " + id + " answered 202 is in the audit store");
            JsonObject hook = Hookcast.json(stored.body());
            assertEquals(channel, hook.getString("channel"));
            assertEquals("accepted", hook.getString("status"));
        }
        List<Long> received = subscriber.awaitHookIds(acceptedIds, WAIT);
        assertEquals(new ArrayList<>(new TreeSet<>(received)), received, "the subscriber got them in order, once");
        // A commit cut off by the outage may have reached the store although its request was answered 503
        // (the client cannot know: it retries, with an idempotency key). What the store holds as accepted,
        // subscribers get; nothing else.
        for (long id : received) {
            if (!acceptedIds.contains(id)) {
                JsonObject stored = Hookcast.json(hookcast.get("api/admin/hooks/" + id).body());
                assertEquals("accepted", stored.getString("status"), "hook " + id + " the subscriber got is in the audit store");
            }
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        int health;
        while ((health = healthStatus()) != 200 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(200, health, "health UP again");
    }

    private static long count(ConcurrentLinkedQueue<Answer> answers, int status, long sentAfter, long answeredBefore) {
        return answers.stream()
                .filter(answer -> answer.status() == status && answer.sentAt() > sentAfter
                        && answer.answeredAt() < answeredBefore)
                .count();
    }

    private static int healthStatus() throws Exception {
        return hookcast.get("health").statusCode();
    }

    /** Checks {@code condition} at every new answer until it holds; fails once WAIT is over. */
    private static void await(Object answers, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            synchronized (answers) {
                answers.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
