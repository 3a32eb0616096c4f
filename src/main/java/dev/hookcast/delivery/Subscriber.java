package dev.hookcast.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
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

    private final RemoteEndpoint.Async remoteEndpoint;
    private final Limits limits;
    private final Executor closer;
    private final DeliveryLog deliveries;

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
    private Frame inFlight;
    /** The last hook the catch-up sent: a live frame at or below it was committed before the catch-up read it. */
    private long caughtUpTo;

    private volatile Thread pumping;
    private volatile boolean completedInline;
    private volatile long lastSeenNanos = System.nanoTime();
    /** When the ping timer is next to ping this subscriber ({@code System.nanoTime}); see {@link PingSchedule}. */
    volatile long pingDueNanos;
    private final AtomicLong delivered = new AtomicLong();
    /** What this subscriber's catch-up may hold in memory at once: read, queued and in flight. */
    final ByteBudget catchUpBudget;
    /** The open run of delivered hooks, kept by the delivery log. */
    final DeliveryLog.Run run = new DeliveryLog.Run();

    /** A subscriber's bounds: queued messages and bytes, and how long an orderly close may take. */
    record Limits(int maxQueued, long maxQueuedBytes, long closeGraceNanos) {
    }

    Subscriber(String channel, Session session, String remote, long since, boolean replayRequested, Limits limits,
            Executor closer, DeliveryLog deliveries) {
        this.channel = channel;
        this.session = session;
        this.remote = remote;
        this.since = since;
        this.replayRequested = replayRequested;
        this.remoteEndpoint = session.getAsyncRemote();
        this.limits = limits;
        this.closer = closer;
        this.deliveries = deliveries;
        this.catchUpBudget = new ByteBudget(limits.maxQueuedBytes());
    }

    /**
     * Queues a live frame; never waits on the network. Returns false when this frame put the
     * subscriber over its limits: it is then being closed as a slow consumer.
     */
    boolean offer(Frame frame) {
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
            if (queue.size() >= limits.maxQueued() || queuedBytes + frame.bytes() > limits.maxQueuedBytes()) {
                deliveries.dropped(frame.id(), this);
                startClosing(SLOW_CONSUMER);
                return false;
            }
            if (!enqueue(frame)) {
                return true;
            }
        }
        pump();
        return true;
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
     * subscriber is closing, or sent nothing for the grace period (it is then closed as slow).
     */
    boolean offerCatchUp(Frame frame) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + limits.closeGraceNanos();
        synchronized (this) {
            while (closing == null && !closed && !queue.isEmpty() && (queue.size() >= limits.maxQueued() / 2
                    || queuedBytes + frame.bytes() > limits.maxQueuedBytes() / 2)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    startClosing(SLOW_CONSUMER);
                    return false;
                }
                catchUpWaiting = true;
                wait(Math.max(1, left / 1_000_000));
            }
            if (closing != null || closed) {
                return false;
            }
            if (!enqueue(frame)) {
                return true;
            }
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
            caughtUpTo = lastId;
            if (control != null) {
                queue.addLast(control);
                queuedBytes += control.bytes();
            }
            for (Frame frame; (frame = held.pollFirst()) != null; ) {
                if (frame.id() > lastId || frame.replay()) {
                    queue.addLast(frame);
                    queuedBytes += frame.bytes();
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

    /** Sends queued frames, one in flight at a time; loops instead of recursing when a send completes inline. */
    private void pump() {
        while (true) {
            Frame frame;
            CloseReason closeNow = null;
            synchronized (this) {
                frame = closing == null && !closed ? queue.pollFirst() : null;
                if (frame == null) {
                    sending = false;
                    closeNow = closed ? null : closing;
                } else {
                    queuedBytes -= frame.bytes();
                    inFlight = frame;
                    if (catchUpWaiting) {
                        catchUpWaiting = false;
                        notifyAll();
                    }
                }
            }
            if (frame == null) {
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
                remoteEndpoint.sendText(frame.text(), this);
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

    @Override
    public void onResult(SendResult result) {
        Frame sent;
        synchronized (this) {
            sent = inFlight;
            inFlight = null;
        }
        if (sent != null) {
            sent.release();
        }
        if (!result.isOK()) {
            if (sent != null) {
                deliveries.failed(sent.id(), this, String.valueOf(result.getException()));
            }
            failed();
            return;
        }
        delivered.incrementAndGet();
        if (sent != null) {
            deliveries.delivered(sent.id(), sent.replay(), this);
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
            if (inFlight != null) {
                deliveries.dropped(inFlight.id(), this);
                inFlight.release();
                inFlight = null;
            }
            dropQueued();
        }
        deliveries.closed(this);
    }

    /** The session is gone: nothing more is queued or sent. */
    void closed() {
        failed();
    }

    long closeGraceNanos() {
        return limits.closeGraceNanos();
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
