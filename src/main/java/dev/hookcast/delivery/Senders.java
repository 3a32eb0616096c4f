package dev.hookcast.delivery;

import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The threads that start subscribers' sends, so that the dispatcher only queues: each subscriber
 * belongs to one lane (by its id), and a lane's thread sends what its subscribers have queued, one
 * subscriber after another. A send that completes later continues on the thread that completed
 * it. Lanes share nothing, so subscribers of one channel are served in parallel, each still in
 * order (a subscriber has one send in flight at a time).
 *
 * <p>The sender threads run below normal priority ({@code hookcast.ws.sender-priority}, 1 by
 * default): when the CPU is short, a hook's ingest (request, commit, 202) goes first and sends
 * wait. Waiting costs a batched subscriber nothing, its next message carries more hooks; for one
 * hook per message it still lowered the delivery latency, since every frame waits for its hook's
 * commit (BENCHMARKS.md). The JVM applies thread priorities on Linux only with
 * {@code -XX:ThreadPriorityPolicy=1}, which the run commands pass.
 */
@ApplicationScoped
public class Senders implements Subscriber.Scheduler {

    private static final Logger LOG = Logger.getLogger(Senders.class.getName());
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;

    @Resource
    ManagedThreadFactory threads;

    /** 0: one lane per core. */
    @Inject
    @ConfigProperty(name = "hookcast.ws.senders", defaultValue = "0")
    int count;

    /** {@link Thread#MIN_PRIORITY} to {@link Thread#MAX_PRIORITY}; out of range is clamped. */
    @Inject
    @ConfigProperty(name = "hookcast.ws.sender-priority", defaultValue = "1")
    int priority;

    private Lane[] lanes;

    @PostConstruct
    void start() {
        lanes = new Lane[count > 0 ? count : Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
            lanes[i].thread = threads.newThread(lanes[i]);
            lanes[i].thread.setName("hookcast-sender-" + i);
            lanes[i].thread.setPriority(Math.max(Thread.MIN_PRIORITY, Math.min(Thread.MAX_PRIORITY, priority)));
            lanes[i].thread.start();
        }
    }

    @Override
    public void schedule(Subscriber subscriber) {
        lanes[(int) Math.floorMod(subscriber.id, (long) lanes.length)].add(subscriber);
    }

    @PreDestroy
    void stop() {
        for (Lane lane : lanes) {
            lane.stop();
        }
        long deadline = System.nanoTime() + SHUTDOWN_DEADLINE_MS * 1_000_000;
        for (Lane lane : lanes) {
            lane.join(deadline);
        }
    }

    /** One sender thread and the subscribers waiting for it, oldest first. */
    private static final class Lane implements Runnable {

        private final ArrayDeque<Subscriber> ready = new ArrayDeque<>();
        private Thread thread;
        // guarded by this
        private boolean running = true;

        synchronized void add(Subscriber subscriber) {
            ready.addLast(subscriber);
            if (ready.size() == 1) {
                notifyAll();
            }
        }

        @Override
        public void run() {
            while (true) {
                Subscriber next;
                synchronized (this) {
                    while (ready.isEmpty() && running) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    next = ready.pollFirst();
                    if (next == null) {
                        return;
                    }
                }
                try {
                    next.pump();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, e, () -> "Sending to subscriber " + next.id + " failed");
                }
            }
        }

        synchronized void stop() {
            running = false;
            notifyAll();
        }

        void join(long deadlineNanos) {
            try {
                thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
