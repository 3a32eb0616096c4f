package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.hookcast.platform.RelayMetrics;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

/** The subscriber's queue, batching, falling behind and closing, against a fake socket: no container. */
class SubscriberTest {

    /** A socket whose sends complete only when the test says so, recording every message. */
    static final class FakeSocket {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        volatile CloseReason closed;
        volatile int pings;
        boolean completeInline;

        final RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendText" -> {
                            sent.add((String) args[0]);
                            SendHandler handler = (SendHandler) args[1];
                            if (completeInline) {
                                handler.onResult(new SendResult());
                            } else {
                                synchronized (this) {
                                    pending.add(handler);
                                }
                            }
                        }
                        case "sendPing" -> pings++;
                        default -> {
                        }
                    }
                    return null;
                });

        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "close" -> {
                        closed = args == null ? null : (CloseReason) args[0];
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });

        /** Completes the oldest send in flight successfully. */
        void completeOne() {
            SendHandler handler;
            synchronized (this) {
                handler = pending.remove(0);
            }
            handler.onResult(new SendResult());
        }

        synchronized int inFlight() {
            return pending.size();
        }
    }

    /** The wire a server would choose: for the fake socket, the portable one. */
    static final Subscriber.Wires CONTAINER = (session, handler) -> Wire.of(session, true, handler);

    /**
     * A wire that writes several frames at once, as Tyrus's does: records each write's frame ids
     * and completes it when the fake socket's {@code sendText} does.
     */
    private final class SeveralWire implements Wire {
        final List<List<Long>> writes = new CopyOnWriteArrayList<>();
        private final SendHandler handler;

        SeveralWire(SendHandler handler) {
            this.handler = handler;
        }

        @Override
        public boolean writesSeveral() {
            return true;
        }

        @Override
        public Object message(List<Frame> frames, boolean batched) {
            assertFalse(batched);
            return frames.stream().map(Frame::id).toList();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void send(Object message) {
            writes.add((List<Long>) message);
            socket.remote.sendText(message.toString(), handler);
        }
    }

    private final FakeSocket socket = new FakeSocket();
    private Subscriber.Wires wires = CONTAINER;
    private final List<Long> readBackFrom = new CopyOnWriteArrayList<>();
    private final Executor inline = Runnable::run;

    private Subscriber subscriber(boolean batching, Subscriber.Limits limits) {
        DeliveryLog deliveries = new DeliveryLog();
        deliveries.metrics = new RelayMetrics();
        Subscriber.Wiring wiring = new Subscriber.Wiring(limits, inline, deliveries, Subscriber::pump,
                (subscriber, afterId) -> readBackFrom.add(afterId), wires);
        Subscriber subscriber = new Subscriber("orders", socket.session, "127.0.0.1", 0, false, batching, wiring);
        subscriber.goLive(0, null);
        return subscriber;
    }

    private static Subscriber.Limits limits(int maxQueued, long maxQueuedBytes, int maxBatchBytes) {
        return new Subscriber.Limits(maxQueued, maxQueuedBytes, TimeUnit.MILLISECONDS.toNanos(200),
                TimeUnit.MILLISECONDS.toNanos(200), maxBatchBytes);
    }

    private static Frame frame(long id) {
        String text = "{\"id\":\"" + id + "\"}";
        return new Frame(id, text, text.length(), false, 1_000 * id, null);
    }

    @Test
    void aPlainSubscriberGetsOneFramePerMessageInOrderOneSendInFlight() {
        Subscriber subscriber = subscriber(false, limits(100, 1 << 20, 1 << 20));
        for (long id = 1; id <= 5; id++) {
            assertTrue(subscriber.offer(frame(id)));
        }
        assertEquals(1, socket.inFlight(), "one send in flight at a time");
        for (int i = 0; i < 5; i++) {
            socket.completeOne();
        }
        assertEquals(List.of(frame(1).text(), frame(2).text(), frame(3).text(), frame(4).text(), frame(5).text()),
                socket.sent);
        assertEquals(5, subscriber.delivered());
    }

    @Test
    void onAWireThatWritesSeveralAPlainSubscriberGetsWhatQueuedMeanwhileInOneWriteInOrder() {
        List<SeveralWire> made = new ArrayList<>();
        wires = (session, handler) -> {
            SeveralWire wire = new SeveralWire(handler);
            made.add(wire);
            return wire;
        };
        Subscriber subscriber = subscriber(false, limits(1000, 1 << 20, 1 << 20));
        int perWrite = Subscriber.SEVERAL_BYTES / (frame(100).bytes() + 1);
        for (long id = 100; id <= 100 + perWrite + 1; id++) {
            assertTrue(subscriber.offer(frame(id)));
        }
        List<List<Long>> writes = made.get(0).writes;
        assertEquals(List.of(List.of(100L)), writes, "the first goes at once, alone: nothing waits to be joined");
        socket.completeOne();
        assertEquals(perWrite, writes.get(1).size(), "then what queued meanwhile, up to the bound: " + writes);
        socket.completeOne();
        socket.completeOne();
        List<Long> sent = writes.stream().flatMap(List::stream).toList();
        assertEquals(LongStream.rangeClosed(100, 100 + perWrite + 1).boxed().toList(), sent);
        assertEquals(3, writes.size());
        assertEquals(perWrite + 2, subscriber.delivered(), "each frame of a write counts as delivered");
    }

    @Test
    void aBatchingSubscriberGetsWhatQueuedMeanwhileOnePerLineWithinTheByteBound() {
        int frameBytes = frame(10).bytes();
        Subscriber subscriber = subscriber(true, limits(100, 1 << 20, 3 * frameBytes + 2));
        subscriber.offer(frame(10));
        for (long id = 11; id <= 15; id++) {
            subscriber.offer(frame(id));
        }
        assertEquals(List.of(frame(10).text()), socket.sent, "the first goes at once: batching adds no waiting");
        socket.completeOne();
        socket.completeOne();
        socket.completeOne();
        assertEquals(List.of(frame(10).text(),
                frame(11).text() + "\n" + frame(12).text() + "\n" + frame(13).text(),
                frame(14).text() + "\n" + frame(15).text()), socket.sent);
        assertEquals(6, subscriber.delivered(), "each frame of a batch counts as delivered");
    }

    @Test
    void aFrameLargerThanTheBatchBoundGoesAlone() {
        Subscriber subscriber = subscriber(true, limits(100, 1 << 20, 8));
        subscriber.offer(frame(1));
        subscriber.offer(frame(2));
        subscriber.offer(frame(3));
        socket.completeOne();
        socket.completeOne();
        socket.completeOne();
        assertEquals(List.of(frame(1).text(), frame(2).text(), frame(3).text()), socket.sent);
    }

    @Test
    void aLiveSubscriberOverItsBoundFallsBackToTheAuditStoreInsteadOfBeingClosed() {
        Subscriber subscriber = subscriber(false, limits(3, 1 << 20, 1 << 20));
        for (long id = 1; id <= 4; id++) {
            assertTrue(subscriber.offer(frame(id)), "1 in flight, 3 queued");
        }
        assertEquals(frame(1).receivedAt(), subscriber.oldestUndelivered());
        assertFalse(subscriber.offer(frame(5)), "over the bound");
        assertEquals(List.of(4L), readBackFrom, "read back after the last frame queued");
        assertFalse(subscriber.isClosing());
        assertTrue(subscriber.offer(frame(6)), "held while the audit store is read");
        for (int i = 0; i < 4; i++) {
            socket.completeOne();
        }
        assertEquals(4, socket.sent.size(), "held frames wait for the read-back");
        assertEquals(frame(5).receivedAt(), subscriber.oldestUndelivered(), "behind since the first hook not queued");
        subscriber.goLive(5, null);
        assertEquals(frame(6).receivedAt(), subscriber.oldestUndelivered(), "frame 6 is in flight");
        socket.completeOne();
        assertEquals(frame(6).text(), socket.sent.get(4), "then the held ones above what was read back");
        assertEquals(null, socket.closed);
        assertEquals(Long.MAX_VALUE, subscriber.oldestUndelivered(), "everything delivered: no lag");
    }

    @Test
    void aCatchUpToAClientThatReadsNothingClosesItAsSlowAndGivesItsMemoryBack() throws Exception {
        Subscriber subscriber = new Subscriber("orders", socket.session, "127.0.0.1", 0, false, false,
                new Subscriber.Wiring(limits(4, 1 << 20, 1 << 20), inline, deliveries(), Subscriber::pump,
                        (s, after) -> { }, CONTAINER));
        ByteBudget shared = new ByteBudget(1 << 20);
        List<Frame> offered = new ArrayList<>();
        boolean accepted = true;
        for (long id = 1; accepted && id < 100; id++) {
            Lease lease = Lease.take(subscriber.catchUpBudget, shared, 100, TimeUnit.SECONDS.toNanos(1), () -> false);
            assertNotNull(lease);
            Frame frame = frame(id).leasing(lease);
            offered.add(frame);
            accepted = subscriber.offerCatchUp(frame);
            if (!accepted) {
                frame.release();
            }
        }
        assertFalse(accepted, "nothing sent for the stall timeout");
        assertEquals("closing", subscriber.state());
        assertEquals(100, shared.held(), "the queue is dropped: only the frame in flight still holds memory");
        socket.completeOne();
        assertEquals(0, shared.held(), "and gives it back once sent");
        assertEquals(0, subscriber.catchUpBudget.held());
        assertEquals(1, socket.pings, "then the close goes with the client's answer to a ping");
    }

    @Test
    void aCatchUpToAClientThatReadsSlowlyButSteadilyIsNeverTakenForStalled() throws Exception {
        Subscriber subscriber = new Subscriber("orders", socket.session, "127.0.0.1", 0, false, false,
                new Subscriber.Wiring(limits(4, 1 << 20, 1 << 20), inline, deliveries(), Subscriber::pump,
                        (s, after) -> { }, CONTAINER));
        // one send completes every 50 ms: the queue stays full for 2 s, ten stall timeouts (200 ms)
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
        reader.scheduleAtFixedRate(() -> {
            if (socket.inFlight() > 0) {
                socket.completeOne();
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        try {
            for (long id = 1; id <= 40; id++) {
                assertTrue(subscriber.offerCatchUp(frame(id)), "frame " + id + " taken, not closed as stalled");
            }
        } finally {
            reader.shutdownNow();
        }
        assertFalse(subscriber.isClosing());
    }

    @Test
    void framesWaitingForABusySenderAreNotAStallButASendThatNeverCompletesIs() {
        List<Subscriber> scheduled = new CopyOnWriteArrayList<>();
        Subscriber subscriber = new Subscriber("orders", socket.session, "127.0.0.1", 0, false, false,
                new Subscriber.Wiring(limits(100, 1 << 20, 1 << 20), inline, deliveries(), scheduled::add,
                        (s, after) -> { }, CONTAINER));
        subscriber.goLive(0, null);
        subscriber.offer(frame(1));
        subscriber.offer(frame(2));
        assertEquals(List.of(subscriber), scheduled, "queued for a sender thread, which is busy elsewhere");
        passStallTimeout();
        assertFalse(subscriber.stalled(), "the server did not get to it: the client is not to blame");
        subscriber.pump();
        assertEquals(1, socket.inFlight());
        assertFalse(subscriber.stalled(), "a send just started");
        passStallTimeout();
        assertTrue(subscriber.stalled(), "a send in flight for the stall timeout: the client reads nothing");
        socket.completeOne();
        assertFalse(subscriber.stalled(), "the next send just started");
    }

    /** Lets the stall timeout of {@link #limits} (200 ms) pass. */
    private static void passStallTimeout() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    private static DeliveryLog deliveries() {
        DeliveryLog deliveries = new DeliveryLog();
        deliveries.metrics = new RelayMetrics();
        return deliveries;
    }
}
