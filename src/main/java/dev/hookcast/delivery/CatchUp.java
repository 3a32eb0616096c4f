package dev.hookcast.delivery;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.channel.Channel;
import dev.hookcast.channel.ChannelRepository;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * Brings a new subscriber from its starting point to the live stream: the channel's hooks above
 * {@link Subscriber#since} are read from the audit store and queued (waiting while the queue
 * drains, so a backlog of any length is streamed, never loaded), then the live frames held
 * meanwhile are released, those the catch-up already sent left out. The subscriber registered
 * before the first read, so no hook falls between the two; if so many live frames arrive during
 * a long catch-up that they had to be dropped, it simply reads on from the store.
 *
 * <p>Memory is bounded in bytes: before hooks are read, their bodies and frames are counted
 * against the subscriber's budget ({@code hookcast.ws.max-queued-bytes}) and the budget all
 * catch-ups share ({@code hookcast.ws.catch-up-max-bytes}), and given back as each frame is sent
 * or dropped. A client that stops reading holds at most its own budget, and no more than the
 * shared budget is held by all of them together; the others wait for it, and a subscriber whose
 * own budget does not drain within the close grace period is closed as a slow consumer.
 */
@ApplicationScoped
public class CatchUp implements Subscriber.Backlog {

    static final int PAGE = 256;
    /** The bodies read from the audit store in one go, at most (or one hook, if larger). */
    static final long LOAD_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(CatchUp.class.getName());
    private static final CloseReason FAILED = new CloseReason(CloseCodes.TRY_AGAIN_LATER, "catch-up failed");

    @Resource
    ManagedThreadFactory threads;

    @Inject
    HookRepository hooks;

    @Inject
    ChannelRepository channels;

    @Inject
    @ConfigProperty(name = "hookcast.ws.catch-up-max-bytes", defaultValue = "134217728")
    long maxBytes;

    /** Catch-ups at once; more wait their turn (each subscriber has at most one). */
    @Inject
    @ConfigProperty(name = "hookcast.ws.catch-up-threads", defaultValue = "16")
    int threadCount;

    private ByteBudget shared;
    /**
     * Threads of the catch-ups' own: a catch-up waits on its client, and a thousand subscribers
     * falling behind at once must neither be refused nor take the container's shared executor
     * (which also answers the ingest requests).
     */
    private ThreadPoolExecutor executor;

    @PostConstruct
    void start() {
        shared = new ByteBudget(maxBytes);
        executor = new ThreadPoolExecutor(threadCount, threadCount, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                threads);
        executor.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** The bytes all catch-ups hold in memory now. */
    public long heldBytes() {
        return shared.held();
    }

    void start(Subscriber subscriber) {
        if (subscriber.since == Long.MAX_VALUE) {
            subscriber.goLive(0, null);
            return;
        }
        execute(subscriber, () -> run(subscriber, subscriber.since, subscriber.replayRequested));
    }

    /** A live subscriber fell behind: what it missed after {@code afterId} is read back, then it goes live again. */
    @Override
    public void readFrom(Subscriber subscriber, long afterId) {
        execute(subscriber, () -> run(subscriber, afterId, false));
    }

    private void execute(Subscriber subscriber, Runnable catchUp) {
        try {
            executor.execute(catchUp);
        } catch (RejectedExecutionException stopping) {
            subscriber.requestClose(FAILED);
        }
    }

    /** How far a catch-up got: the last hook queued, and how many it queued. */
    private static final class Progress {
        long last;
        long count;
    }

    private void run(Subscriber subscriber, long afterId, boolean announce) {
        Progress progress = new Progress();
        progress.last = afterId;
        try {
            while (true) {
                List<Long> sizes = hooks.findAcceptedSizesSince(subscriber.channel, progress.last, PAGE);
                int loading = HookRepository.countWithin(sizes, LOAD_BYTES);
                if (loading > 0 && !send(subscriber, sizes.subList(0, loading), progress)) {
                    return;
                }
                if (loading == sizes.size() && loading < PAGE) {
                    Frame control = announce ? replayed(subscriber, progress.count) : null;
                    if (subscriber.goLive(progress.last, control)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Catch-up of subscriber " + subscriber.id + " failed; it is closed");
            subscriber.requestClose(FAILED);
        }
    }

    /**
     * Reads the hooks after {@code progress.last} whose body {@code sizes} are given, leasing
     * their memory first, and queues their frames. Returns false if the subscriber is gone or was
     * closed as slow.
     */
    private boolean send(Subscriber subscriber, List<Long> sizes, Progress progress) throws InterruptedException {
        long bodies = 0;
        for (long size : sizes) {
            bodies += size;
        }
        // the bodies while they are read, plus the text and the encoding of the frames made of them
        Lease lease = Lease.take(subscriber.catchUpBudget, shared, 3 * bodies + 1024L * sizes.size(), Long.MAX_VALUE,
                () -> subscriber.isClosing() || subscriber.stalled());
        if (lease == null) {
            subscriber.closeStalled();
            return false;
        }
        try {
            for (Hook hook : hooks.findAcceptedSince(subscriber.channel, progress.last, sizes.size())) {
                Frame frame = HookFrame.encode(HookAccepted.stored(hook, progress.last), false, subscriber.form);
                frame = frame.leasing(lease.split(frame.footprint()));
                if (!subscriber.offerCatchUp(frame)) {
                    frame.release();
                    return false;
                }
                progress.last = hook.getId();
                progress.count++;
            }
            return true;
        } finally {
            lease.release();
        }
    }

    /** {@code {"type":"replayed","since":"<id>","count":n,"complete":bool}}: incomplete if retention purged hooks after since. */
    private Frame replayed(Subscriber subscriber, long count) {
        Channel channel = channels.find(subscriber.channel);
        boolean complete = channel == null || subscriber.since >= channel.getPurgedThrough();
        String text = "{\"type\":\"replayed\",\"since\":\"" + subscriber.since + "\",\"count\":" + count
                + ",\"complete\":" + complete + "}";
        return new Frame(0, text, text.length());
    }
}
