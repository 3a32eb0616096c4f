package dev.hookcast.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.platform.NoServiceFiles;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

/**
 * One WebSocket session of a channel and its bounded outgoing queue.
 *
 * <p>At most one asynchronous send is in flight; when it completes the next queued frame goes.
 * The lock ({@code this}) guards the queue only and is never held while sending, so a slow
 * client never blocks the broadcaster: its queue fills up and it is closed as a slow consumer.
 *
 * <p>A new subscriber starts by catching up: the frames it missed between its handshake and its
 * registration come from the audit store, while live frames are held back; {@link #goLive}
 * then releases the held frames that the catch-up did not already send.
 *
 * <p>Closing is orderly where it can be: queued frames are dropped, the frame in flight may
 * finish, and then the close frame goes, so a client that is slow but alive learns why. One
 * that does not drain within the grace period is closed regardless ({@link #closeIfOverdue}).
 *
 * <p>The close frame goes from the session's reading thread, when the client answers a ping
 * sent for it ({@link #ponged}). A close started on any other thread ends the upgraded HTTP
 * request (Tyrus calls {@code WebConnection.close}) while the connection's reading thread may be
 * handling the client's prompt reply; Payara then recycles that request under the reading
 * thread and the request object, back in its pool, fails whatever request reuses it next
 * (NullPointerExceptions in Grizzly, a wrong request answered 500).
 */
public final class Subscriber implements SendHandler {

    static final CloseReason SLOW_CONSUMER = new CloseReason(CloseCodes.TRY_AGAIN_LATER, "slow consumer");
    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());
    /** Ids grow across restarts too, so a delivery record's subscriber names one session. */
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    final long id = IDS.incrementAndGet();
    final String channel;
    final Session session;
    final String remote;
    final Instant connectedAt = Instant.now();
    /** Every hook with an id at or below this was broadcast before this subscriber registered. */
    final long since;
    /** Asked for with {@code since}: the catch-up ends with a {@code replayed} control frame. */
    final boolean replayRequested;
    /** The form of this subscriber's hook frames, as its handshake asked. */
    final HookFrame.Form form;

    /** Offered the {@code hookcast.batch} subprotocol: queued frames go out together, one per line. */
    final boolean batching;

    private final RemoteEndpoint.Async remoteEndpoint;
    private final Wire wire;
    private final Limits limits;
    private final Executor closer;
    private final DeliveryLog deliveries;
    private final Wiring wiring;

    // guarded by this
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private long queuedBytes;
    private long heldBytes;
    private boolean live;
    private boolean sending;
    private boolean closed;
    private CloseReason closing;
    private long closingDeadline;
    /** Set when the close frame may go: the client's next pong sends it, see {@link #ponged}. */
    private volatile CloseReason closeOnPong;
    private boolean catchUpWaiting;
    private boolean heldOverflowed;
    /**
     * At most this many bytes of plain frames queued meanwhile go out in one write, back to back
     * (where the wire {@link Wire#writesSeveral}): the copy that costs, per subscriber that fell
     * behind, stays small, while one write replaces several.
     */
    static final int SEVERAL_BYTES = 8 * 1024;

    /** The frames of the write in flight: one, a batch's, or several back to back; reused, so a send allocates no list. */
    private final ArrayList<Frame> inFlight = new ArrayList<>();
    /** The last hook queued, live or caught up: where reading back from the audit store resumes. */
    private long lastQueued;
    /** When the first hook this subscriber did not queue, having fallen behind, arrived; 0 while it keeps up. */
    private long behindSince;
    /** The last hook the catch-up sent: a live frame at or below it was committed before the catch-up read it. */
    private long caughtUpTo;

    private volatile Thread pumping;
    private volatile boolean completedInline;
    private volatile long lastSeenNanos = System.nanoTime();
    /** The length so far of the message the client is sending; the session's reading thread only. */
    private long receiving;
    /** When the send in flight started. */
    private long sendStartedNanos;
    /** When the ping timer is next to ping this subscriber ({@code System.nanoTime}); see {@link PingSchedule}. */
    volatile long pingDueNanos;
    private final AtomicLong delivered = new AtomicLong();
    /** What this subscriber's catch-up may hold in memory at once: read, queued and in flight. */
    final ByteBudget catchUpBudget;
    /** The open run of delivered hooks, kept by the delivery log. */
    final DeliveryLog.Run run = new DeliveryLog.Run();

    /**
     * A subscriber's bounds: queued messages and bytes, how long an orderly close may take, how
     * long a catch-up waits on a client that reads nothing, and the largest batched message.
     */
    record Limits(int maxQueued, long maxQueuedBytes, long closeGraceNanos, long stallNanos, int maxBatchBytes) {
    }

    /** Who starts sends off the caller's thread: one of the sender threads. */
    @FunctionalInterface
    interface Scheduler {
        /** Calls {@link #pump} soon, on another thread. */
        void schedule(Subscriber subscriber);
    }

    /** Who reads a subscriber's hooks back from the audit store ({@link CatchUp}). */
    @FunctionalInterface
    interface Backlog {
        /** Queues the channel's hooks after {@code afterId} at the pace the client reads, then goes live again. */
        void readFrom(Subscriber subscriber, long afterId);
    }

    /** What makes a session's {@link Wire}: {@link Wire#of} on a server. */
    @FunctionalInterface
    interface Wires {
        Wire of(Session session, SendHandler handler);
    }

    /** What every subscriber of this server shares: its bounds and the services it calls. */
    record Wiring(Limits limits, Executor closer, DeliveryLog deliveries, Scheduler senders, Backlog backlog,
            Wires wires) {
    }

    Subscriber(String channel, Session session, String remote, long since, boolean replayRequested, boolean batching,
            Wiring wiring) {
        this.channel = channel;
        this.session = session;
        this.remote = remote;
        this.since = since;
        this.replayRequested = replayRequested;
        this.batching = batching;
        this.form = HookFrame.Form.of(session);
        this.remoteEndpoint = session.getAsyncRemote();
        this.wire = wiring.wires().of(session, this);
        this.wiring = wiring;
        this.limits = wiring.limits();
        this.closer = wiring.closer();
        this.deliveries = wiring.deliveries();
        this.catchUpBudget = new ByteBudget(limits.maxQueuedBytes());
    }

    /**
     * Queues a live frame; never waits on the network, and never sends on the caller's thread.
     * A frame that would put the subscriber over its queue's bounds is not queued: the
     * subscriber falls back to reading from the audit store, at the pace its client reads
     * (a client that reads nothing is then closed as a slow consumer). Returns false then.
     */
    boolean offer(Frame frame) {
        return offer(frame, null);
    }

    /**
     * {@link #offer(Frame)}, but a send this frame would start is not started: the subscriber is
     * added to {@code toStart} instead, and the caller must {@link #startSending} it. Until then
     * further frames queue behind this one, so that what a dispatcher queues for the subscriber in
     * one go leaves in one write ({@link #takeMessage}).
     */
    boolean offer(Frame frame, List<Subscriber> toStart) {
        boolean startSending;
        long fellBehindAt;
        synchronized (this) {
            if (closed || closing != null) {
                deliveries.dropped(frame.id(), this);
                return true;
            }
            if (frame.id() <= caughtUpTo && !frame.replay()) {
                return true;
            }
            if (!live) {
                // Catching up: hold live frames; if too many, drop them all and let the catch-up
                // read on from the audit store, where every one of them is.
                if (held.size() >= limits.maxQueued() || heldBytes + frame.bytes() > limits.maxQueuedBytes()) {
                    held.clear();
                    heldBytes = 0;
                    heldOverflowed = true;
                }
                held.addLast(frame);
                heldBytes += frame.bytes();
                return true;
            }
            if (queue.size() < limits.maxQueued() && queuedBytes + frame.bytes() <= limits.maxQueuedBytes()) {
                if (frame.id() > lastQueued && !frame.replay()) {
                    lastQueued = frame.id();
                }
                startSending = enqueue(frame);
                fellBehindAt = -1;
            } else {
                if (frame.replay()) {
                    deliveries.dropped(frame.id(), this);
                }
                // Every hook from here on is in the audit store: hold live frames while reading them back.
                live = false;
                behindSince = frame.receivedAt();
                startSending = false;
                fellBehindAt = lastQueued;
            }
        }
        if (startSending) {
            if (toStart == null) {
                startSending();
            } else {
                toStart.add(this);
            }
        }
        if (fellBehindAt >= 0) {
            wiring.backlog().readFrom(this, fellBehindAt);
            return false;
        }
        return true;
    }

    /** Starts the send that an {@link #offer(Frame, List)} held back. */
    void startSending() {
        wiring.senders().schedule(this);
    }

    /** Queues the frame; true if no send is in flight, so the caller must start one (outside the lock). */
    // guarded by this
    private boolean enqueue(Frame frame) {
        queuedBytes += frame.bytes();
        queue.addLast(frame);
        if (sending) {
            return false;
        }
        sending = true;
        return true;
    }

    /**
     * Queues a frame read from the audit store while catching up, waiting while the queue is
     * half full so that a long backlog is streamed rather than loaded. Returns false if the
     * subscriber is closing, or took nothing for the stall timeout (it is then closed as slow):
     * a client that reads, however slowly, completes sends and is never taken for stalled.
     */
    boolean offerCatchUp(Frame frame) throws InterruptedException {
        boolean stalled = false;
        synchronized (this) {
            while (closing == null && !closed && !queue.isEmpty() && (queue.size() >= limits.maxQueued() / 2
                    || queuedBytes + frame.bytes() > limits.maxQueuedBytes() / 2)) {
                if (stalled()) {
                    stalled = true;
                    break;
                }
                catchUpWaiting = true;
                wait(Math.max(1, limits.stallNanos() / 10_000_000));
            }
            if (closing != null || closed) {
                return false;
            }
            if (!stalled) {
                lastQueued = Math.max(lastQueued, frame.id());
                if (!enqueue(frame)) {
                    return true;
                }
            }
        }
        if (stalled) {
            closeStalled();
            return false;
        }
        pump();
        return true;
    }

    /**
     * Ends the catch-up whose last frame had id {@code lastId}: the control frame, if any, then
     * the held live frames above {@code lastId} follow. Returns false, and stays in catch-up,
     * if live frames were dropped meanwhile: the caller reads on from the audit store.
     */
    boolean goLive(long lastId, Frame control) {
        synchronized (this) {
            if (closed || closing != null) {
                return true;
            }
            if (heldOverflowed) {
                heldOverflowed = false;
                held.clear();
                heldBytes = 0;
                return false;
            }
            live = true;
            behindSince = 0;
            caughtUpTo = lastId;
            lastQueued = Math.max(lastQueued, lastId);
            if (control != null) {
                queue.addLast(control);
                queuedBytes += control.bytes();
            }
            for (Frame frame; (frame = held.pollFirst()) != null; ) {
                if (frame.id() > lastId || frame.replay()) {
                    queue.addLast(frame);
                    queuedBytes += frame.bytes();
                    lastQueued = Math.max(lastQueued, frame.id());
                }
            }
            heldBytes = 0;
            if (sending || queue.isEmpty()) {
                return true;
            }
            sending = true;
        }
        pump();
        return true;
    }

    /**
     * Sends queued frames, one write in flight at a time: a frame, or for a batching subscriber
     * every frame queued meanwhile (up to the batch's byte bound), one per line, or on a wire that
     * writes several, the frames queued meanwhile back to back. Loops instead of
     * recursing when a send completes inline. Runs on a sender thread, a catch-up's, or the
     * thread that completed the previous send.
     */
    void pump() {
        while (true) {
            Object message;
            CloseReason closeNow = null;
            synchronized (this) {
                message = closing == null && !closed ? takeMessage() : null;
                if (message == null) {
                    sending = false;
                    closeNow = closed ? null : closing;
                } else if (catchUpWaiting) {
                    catchUpWaiting = false;
                    notifyAll();
                }
            }
            if (message == null) {
                if (closeNow != null) {
                    closeOnNextPong(closeNow);
                }
                return;
            }
            completedInline = false;
            Thread thread = Thread.currentThread();
            pumping = thread;
            ClassLoader contextLoader = thread.getContextClassLoader();
            thread.setContextClassLoader(NoServiceFiles.LOADER); // see NoServiceFiles: Payara schedules a task per send
            try {
                wire.send(message);
            } catch (RuntimeException e) {
                failed();
                return;
            } finally {
                thread.setContextClassLoader(contextLoader);
                if (pumping == thread) {
                    pumping = null;
                }
            }
            if (!completedInline) {
                return;
            }
        }
    }

    /**
     * Moves the next write's frames from the queue to {@link #inFlight}: one; for a batching
     * subscriber as many as fit the batch's byte bound; on a wire that {@link Wire#writesSeveral},
     * as many as fit {@link #SEVERAL_BYTES}, each its own message. The write, or null if none is queued.
     */
    // guarded by this
    private Object takeMessage() {
        Frame first = queue.pollFirst();
        if (first == null) {
            return null;
        }
        queuedBytes -= first.bytes();
        inFlight.add(first);
        sendStartedNanos = System.nanoTime();
        if (batching || wire.writesSeveral()) {
            int bound = batching ? limits.maxBatchBytes() : Math.min(limits.maxBatchBytes(), SEVERAL_BYTES);
            long length = first.bytes();
            for (Frame next; (next = queue.peekFirst()) != null && length + 1 + next.bytes() <= bound; ) {
                length += 1 + next.bytes();
                inFlight.add(queue.pollFirst());
                queuedBytes -= next.bytes();
            }
        }
        return wire.message(inFlight, batching);
    }

    @Override
    public void onResult(SendResult result) {
        boolean ok = result.isOK();
        synchronized (this) {
            if (ok) {
                delivered.addAndGet(inFlight.size());
                deliveries.delivered(inFlight, this);
            }
            for (int i = 0; i < inFlight.size(); i++) {
                Frame sent = inFlight.get(i);
                sent.release();
                if (!ok) {
                    deliveries.failed(sent.id(), this, String.valueOf(result.getException()));
                }
            }
            inFlight.clear();
        }
        if (!ok) {
            failed();
            return;
        }
        if (pumping == Thread.currentThread()) {
            completedInline = true;
        } else {
            pump();
        }
    }

    /**
     * Closes the session with {@code reason} once the frame in flight, if any, is sent; queued
     * frames are dropped and nothing more is queued. Returns at once.
     */
    void requestClose(CloseReason reason) {
        boolean now;
        synchronized (this) {
            if (closed || closing != null) {
                return;
            }
            startClosing(reason);
            now = !sending;
        }
        if (now) {
            closeOnNextPong(reason);
        }
    }

    /**
     * Closes a subscriber that stopped answering pings at once, without waiting for the frame in
     * flight: nothing comes from it that a close could race with.
     */
    void closeSilent(CloseReason reason) {
        synchronized (this) {
            if (closed || closing != null) {
                return;
            }
            startClosing(reason);
        }
        closeLater(reason);
    }

    // guarded by this
    private void startClosing(CloseReason reason) {
        closing = reason;
        closingDeadline = System.nanoTime() + limits.closeGraceNanos();
        dropQueued();
    }

    // guarded by this: every frame still queued or held was meant for this subscriber and is dropped
    private void dropQueued() {
        for (Frame frame : queue) {
            deliveries.dropped(frame.id(), this);
            frame.release();
        }
        for (Frame frame : held) {
            deliveries.dropped(frame.id(), this);
        }
        queue.clear();
        held.clear();
        queuedBytes = 0;
        heldBytes = 0;
        notifyAll();
    }

    /** Closes at once a subscriber whose orderly close has waited longer than the grace period. */
    void closeIfOverdue(long nowNanos) {
        CloseReason reason;
        synchronized (this) {
            if (closed || closing == null || nowNanos - closingDeadline < 0) {
                return;
            }
            reason = closing;
        }
        closeLater(reason);
    }

    private void closeLater(CloseReason reason) {
        NoServiceFiles.execute(closer, () -> close(reason));
    }

    /** Asks the client for a pong that will close the session ({@link #ponged}); off the caller's thread. */
    private void closeOnNextPong(CloseReason reason) {
        closeOnPong = reason;
        NoServiceFiles.execute(closer, () -> {
            try {
                remoteEndpoint.sendPing(ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                close(reason);
            }
        });
    }

    /** Closes the session now; may wait on the network, so callers run it off the broadcast path. */
    void close(CloseReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        failed();
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "Closing subscriber " + id + " failed");
        }
    }

    private void failed() {
        synchronized (this) {
            closed = true;
            sending = false;
            for (Frame frame : inFlight) {
                deliveries.dropped(frame.id(), this);
                frame.release();
            }
            inFlight.clear();
            dropQueued();
        }
        deliveries.closed(this);
    }

    /** The session is gone: nothing more is queued or sent. */
    void closed() {
        failed();
    }

    /**
     * True when a send has been in flight for the stall timeout: the client reads nothing. Frames
     * that only wait for a sender thread (a server too busy to get to them) are not a stall.
     */
    synchronized boolean stalled() {
        return !inFlight.isEmpty() && System.nanoTime() - sendStartedNanos > limits.stallNanos();
    }

    /**
     * Closes with 1013 a subscriber that took nothing for the stall timeout: its queue is
     * dropped at once, and the close frame follows the frame in flight, as {@link #requestClose}.
     */
    void closeStalled() {
        requestClose(SLOW_CONSUMER);
    }

    /**
     * When the oldest hook not yet delivered to this subscriber arrived ({@code Instant.toEpochMilli}),
     * or {@code Long.MAX_VALUE} if it has everything: the age of that hook is its lag.
     */
    synchronized long oldestUndelivered() {
        long oldest = behindSince > 0 ? behindSince : Long.MAX_VALUE;
        oldest = earliest(oldest, inFlight.isEmpty() ? null : inFlight.get(0));
        oldest = earliest(oldest, queue.peekFirst());
        return earliest(oldest, held.peekFirst());
    }

    private static long earliest(long oldest, Frame frame) {
        return frame != null && frame.receivedAt() > 0 ? Math.min(oldest, frame.receivedAt()) : oldest;
    }

    /** What the subscriber is doing, for the admin API: {@code catching-up}, {@code live} or {@code closing}. */
    public synchronized String state() {
        return closed || closing != null ? "closing" : live ? "live" : "catching-up";
    }

    synchronized boolean isClosing() {
        return closed || closing != null;
    }

    public long id() {
        return id;
    }

    public String channel() {
        return channel;
    }

    public String remote() {
        return remote;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    /**
     * A part of a client message arrived, and was discarded: a sign of life. Returns the length
     * of that message so far (bytes, or characters for text). Called by the session's reading
     * thread only.
     */
    long received(long size, boolean last) {
        seen();
        long length = receiving + size;
        receiving = last ? 0 : length;
        return length;
    }

    /**
     * The client answered a ping: on the session's reading thread, outside any endpoint method
     * (a programmatic handler, so that the close's {@code @OnClose} takes the registry's write
     * lock without a read lock held). Sends the close frame if one is waiting.
     */
    void ponged() {
        seen();
        CloseReason reason = closeOnPong;
        if (reason != null) {
            close(reason);
        }
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    public long delivered() {
        return delivered.get();
    }

    public synchronized int queued() {
        return queue.size() + held.size();
    }
}
