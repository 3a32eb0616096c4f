package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.rabbitmq.client.ConnectionFactory;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Two Hookcast instances as the README's production section runs them: separate processes on
 * separate ports, one PostgreSQL database, fan-out over RabbitMQ. Whichever instance takes a
 * hook, every subscriber on either gets it once and in the channel's order, through a broker
 * restart and through the crash of an instance.
 */
@NeedsPostgres
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FanoutIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static String exchange;
    private static MicroProcess first;
    private static MicroProcess second;
    private static Hookcast a;
    private static Hookcast b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        Rabbitmq.require();
        String database = TestDatabase.database("fanout");
        exchange = "hookcast.it." + database;
        List<String> settings = new ArrayList<>(TestDatabase.postgresProperties(database));
        settings.addAll(List.of("hookcast.fanout=rabbitmq", "hookcast.rabbitmq.uri=" + Rabbitmq.URI,
                "hookcast.rabbitmq.exchange=" + exchange, "hookcast.fanout.sweep-interval=1s"));
        Path data = MicroProcess.dataDir("fanout-");
        // one at a time: both would run the schema migration at once
        first = MicroProcess.start(data, data.resolve("first.log"), MicroProcess.freePort(), settings.toArray(String[]::new));
        second = MicroProcess.start(data, data.resolve("second.log"), MicroProcess.freePort(), settings.toArray(String[]::new));
        a = new Hookcast(first.base());
        b = new Hookcast(second.base());
    }

    @AfterAll
    static void stop() throws Exception {
        for (MicroProcess instance : new MicroProcess[] {first, second}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (exchange != null) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(Rabbitmq.URI);
            try (com.rabbitmq.client.Connection connection = factory.newConnection();
                    com.rabbitmq.client.Channel channel = connection.createChannel()) {
                channel.exchangeDelete(exchange);
            }
        }
    }

    @Test
    @Order(1)
    void hooksPostedToBothReachEverySubscriberOnBothOnceInOrder() throws Exception {
        String channel = Hookcast.uniqueChannel("fanout");
        List<TestSubscriber> subscribers = List.of(a.subscribe(channel), a.subscribe(channel), b.subscribe(channel),
                b.subscribe(channel));

        CompletableFuture<List<Long>> toA = CompletableFuture.supplyAsync(() -> post(a, channel, 100, null));
        CompletableFuture<List<Long>> toB = CompletableFuture.supplyAsync(() -> post(b, channel, 100, null));
        List<Long> expected = sorted(toA.get(2, TimeUnit.MINUTES), toB.get(2, TimeUnit.MINUTES));

        assertEquals(200, expected.size());
        assertEachGetsExactly(expected, subscribers);

        long replayed = expected.get(0);
        assertEquals(200, a.post("api/admin/hooks/" + replayed + "/replay").statusCode());
        for (TestSubscriber subscriber : subscribers) {
            JsonObject frame = subscriber.await(201, DEADLINE).get(200);
            assertEquals(String.valueOf(replayed), frame.getString("id"));
            assertTrue(frame.getBoolean("replay"), "an admin's replay reaches the subscribers of every instance");
        }
    }

    @Test
    @Order(2)
    void subscribersGetEveryHookThroughABrokerRestart() throws Exception {
        String channel = Hookcast.uniqueChannel("broker-restart");
        TestSubscriber onA = a.subscribe(channel);
        TestSubscriber onB = b.subscribe(channel);
        List<Long> expected = new ArrayList<>(post(a, channel, 40, null));
        expected.addAll(post(b, channel, 10, null));

        rabbitmqctl("stop_app");
        try {
            expected.addAll(post(a, channel, 40, null));
            expected.addAll(post(b, channel, 10, null));
            awaitFanout(a, "DOWN");
        } finally {
            rabbitmqctl("start_app");
        }
        expected.addAll(post(a, channel, 40, null));
        awaitFanout(a, "UP");
        awaitFanout(b, "UP");

        assertEachGetsExactly(expected, List.of(onA, onB));
    }

    @Test
    @Order(3)
    void aCrashedInstanceLosesNothingItAcknowledged() throws Exception {
        String channel = Hookcast.uniqueChannel("crash");
        TestSubscriber onFirst = a.subscribe(channel);
        TestSubscriber onSecond = b.subscribe(channel);
        CountDownLatch halfway = new CountDownLatch(50);
        CompletableFuture<List<Long>> toFirst = CompletableFuture.supplyAsync(() -> post(a, channel, 10_000, halfway));
        CompletableFuture<List<Long>> toSecond = CompletableFuture.supplyAsync(() -> post(b, channel, 100, null));
        assertTrue(halfway.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the first instance takes hooks");
        first.kill();
        List<Long> acknowledged = sorted(toFirst.get(2, TimeUnit.MINUTES), toSecond.get(2, TimeUnit.MINUTES));

        for (long id : acknowledged) {
            JsonObject hook = Hookcast.json(b.get("api/admin/hooks/" + id).body());
            assertEquals("accepted", hook.getString("status"), "hook " + id + " is in the audit");
        }
        List<Long> survivor = onSecond.awaitHookIds(acknowledged, DEADLINE);
        assertEquals(new ArrayList<>(new TreeSet<>(survivor)), survivor, "once each, in id order");

        List<Long> seenBeforeCrash = onFirst.hookIds();
        long lastSeen = seenBeforeCrash.isEmpty() ? 0 : seenBeforeCrash.get(seenBeforeCrash.size() - 1);
        TestSubscriber resumed = TestSubscriber.connect(b.http(), b.ws(channel + "?since=" + lastSeen));
        List<Long> rest = new ArrayList<>(acknowledged);
        rest.removeIf(id -> id <= lastSeen);
        List<Long> both = new ArrayList<>(seenBeforeCrash);
        both.addAll(resumed.awaitHookIds(rest, DEADLINE));
        assertEquals(new ArrayList<>(new TreeSet<>(both)), both, "resumed without a gap or a duplicate");
        assertTrue(both.containsAll(acknowledged), "the resumed subscriber ends with every acknowledged hook");
    }

    private static void assertEachGetsExactly(List<Long> expected, List<TestSubscriber> subscribers) throws Exception {
        for (TestSubscriber subscriber : subscribers) {
            assertEquals(expected, subscriber.awaitHookIds(expected, DEADLINE), "every hook, once, in id order");
        }
    }

    /** Posts up to {@code count} hooks, stopping at the first failure (the instance is gone); the ids of those accepted. */
    private static List<Long> post(Hookcast instance, String channel, int count, CountDownLatch progress) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                ids.add(instance.postJson(channel, "{\"i\":" + i + "}"));
            } catch (Exception stopped) {
                if (progress == null) {
                    throw new AssertionError("hook " + i + " was refused", stopped);
                }
                break;
            }
            if (progress != null) {
                progress.countDown();
            }
        }
        return ids;
    }

    @SafeVarargs
    private static List<Long> sorted(List<Long>... lists) {
        List<Long> all = new ArrayList<>();
        for (List<Long> list : lists) {
            all.addAll(list);
        }
        Collections.sort(all);
        return all;
    }

    /** Waits until the instance's readiness check {@code fanout} reports {@code status}. */
    private static void awaitFanout(Hookcast instance, String status) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = instance.get("health/ready").body();
            for (JsonValue check : Hookcast.json(last).getJsonArray("checks")) {
                if ("fanout".equals(check.asJsonObject().getString("name"))
                        && status.equals(check.asJsonObject().getString("status"))) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("fanout did not become " + status + ": " + last);
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
                "rabbitmqctl " + command + ": " + output);
    }
}
