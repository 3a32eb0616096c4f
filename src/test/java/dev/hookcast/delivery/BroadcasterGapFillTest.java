package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.platform.RelayMetrics;

/**
 * The dispatcher's gap fill, without a container: a hook whose predecessor in the channel is
 * beyond what was broadcast (another instance's hooks, not yet or never announced) is preceded by
 * the missing hooks, read from the audit store page by page, so the subscriber gets every hook
 * once and in the channel's order. The store is the test's: pages of two hooks, as a byte-bounded
 * page of large bodies would be.
 */
class BroadcasterGapFillTest {

    private static final String CHANNEL = "orders";
    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");

    private final SubscriberTest.FakeSocket socket = new SubscriberTest.FakeSocket();
    /** The channel's accepted hooks in the audit store, committed on any instance. */
    private final List<Hook> store = new ArrayList<>();
    /** Each page the broadcaster read from the store: the id it read after. */
    private final List<Long> pagesAfter = new ArrayList<>();
    /** How many sends were started: each runs at once, on the caller's thread. */
    private int sendsStarted;
    /** How often the subscriber fell behind and was sent to read from the store. */
    private int fellBehind;
    private Broadcaster broadcaster;

    @BeforeEach
    void setUp() {
        socket.completeInline = true;
        DeliveryLog deliveries = new DeliveryLog();
        deliveries.metrics = new RelayMetrics();
        Subscriber.Wiring wiring = new Subscriber.Wiring(new Subscriber.Limits(4, 1 << 20,
                TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(200), 1 << 20),
                Runnable::run, deliveries, subscriber -> {
                    sendsStarted++;
                    subscriber.pump();
                }, (subscriber, afterId) -> fellBehind++, SubscriberTest.CONTAINER);
        Subscriber subscriber = new Subscriber(CHANNEL, socket.session, "127.0.0.1", 10, false, false, wiring);
        subscriber.goLive(10, null);

        broadcaster = new Broadcaster();
        broadcaster.metrics = new RelayMetrics();
        broadcaster.registry = new SubscriberRegistry();
        broadcaster.registry.register(subscriber, 10L);
        broadcaster.hooks = new HookRepository() {
            @Override
            public List<Hook> findAcceptedSince(String channel, long afterId, int limit, long maxBytes) {
                pagesAfter.add(afterId);
                return store.stream().filter(hook -> hook.getChannel().equals(channel) && hook.getId() > afterId)
                        .limit(Math.min(limit, 2)).toList();
            }
        };
        for (long id = 11; id <= 15; id++) {
            store.add(stored(id));
        }
    }

    private static Hook stored(long id) {
        byte[] body = ("{\"n\":" + id + "}").getBytes(StandardCharsets.UTF_8);
        return new Hook(id, CHANNEL, OffsetDateTime.now(ZoneOffset.UTC), "POST", "application/json", "[]",
                "127.0.0.1", body, body.length, Hook.Status.ACCEPTED, null);
    }

    private static HookAccepted announced(long id, long previousId) {
        return new HookAccepted(id, previousId, CHANNEL, Instant.now(), "application/json", List.of(),
                ("{\"n\":" + id + "}").getBytes(StandardCharsets.UTF_8));
    }

    private List<Long> sentIds() {
        List<Long> ids = new ArrayList<>();
        for (String frame : socket.sent) {
            Matcher id = ID.matcher(frame);
            while (id.find()) {
                ids.add(Long.parseLong(id.group(1)));
            }
        }
        return ids;
    }

    @Test
    void aHookWhosePredecessorWasNotBroadcastComesAfterTheGapReadFromTheStoreInOrder() {
        broadcaster.dispatch(List.of(announced(14, 13)));
        assertEquals(List.of(11L, 12L, 13L, 14L), sentIds(), "the gap first, then the hook, each once");
        assertEquals(List.of(10L, 12L), pagesAfter, "page after page, up to the announced hook");
        assertEquals(14, broadcaster.registry.cursors().get(CHANNEL), "broadcast through 14");
    }

    @Test
    void aHookWhosePredecessorWasBroadcastIsSentWithoutReadingTheStore() {
        broadcaster.dispatch(List.of(announced(11, 10), announced(12, 11)));
        assertEquals(List.of(11L, 12L), sentIds());
        assertEquals(List.of(), pagesAfter);
    }

    @Test
    void aHookAnnouncedAfterTheGapFillBroughtItIsNotSentAgain() {
        broadcaster.dispatch(List.of(announced(14, 13)));
        broadcaster.dispatch(List.of(announced(12, 11), announced(13, 12), announced(15, 14)));
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L), sentIds());
        assertEquals(List.of(10L, 12L), pagesAfter, "15 followed what was broadcast: no read");
    }

    @Test
    void theFramesOfOneBatchAreQueuedBeforeTheSubscribersSendStarts() {
        broadcaster.dispatch(List.of(announced(11, 10), announced(12, 11), announced(13, 12)));
        assertEquals(List.of(11L, 12L, 13L), sentIds());
        assertEquals(1, sendsStarted, "one send started for the whole batch, which takes the three frames");
    }

    @Test
    void aGapIsNotQueuedBehindASendTheBatchHasNotStartedYet() {
        // 11 is queued and its send held for the batch; the gap 12 to 15 then comes from the store:
        // held behind 11, the five frames would overflow the queue of 4
        broadcaster.dispatch(List.of(announced(11, 10), announced(16, 15)));
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L, 16L), sentIds());
        assertEquals(0, fellBehind, "the subscriber kept up");
    }

    @Test
    void aBatchThatFailsHalfwayStillSendsWhatItQueued() {
        broadcaster.hooks = new HookRepository() {
            @Override
            public List<Hook> findAcceptedSince(String channel, long afterId, int limit, long maxBytes) {
                throw new IllegalStateException("the audit store is unavailable");
            }
        };
        assertThrows(IllegalStateException.class,
                () -> broadcaster.dispatch(List.of(announced(11, 10), announced(13, 12))));
        assertEquals(List.of(11L), sentIds(), "11 was queued before the gap before 13 could not be read");
    }

    @Test
    void aChannelWithoutSubscribersHereCostsNoRead() {
        broadcaster.dispatch(List.of(new HookAccepted(40, 30, "elsewhere", Instant.now(), null, List.of(),
                new byte[0])));
        assertEquals(List.of(), sentIds());
        assertEquals(List.of(), pagesAfter);
    }
}
