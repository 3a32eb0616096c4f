package dev.hookcast.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bounded queue drained by one container-managed thread, which hands whatever has queued up
 * (at most {@code maxBatch}) to the sink in one call: the shape of group commit. Stopping
 * drains what is queued within a deadline and returns what was left.
 */
public final class BatchWriter<T> {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class.getName());

    private final ArrayBlockingQueue<T> queue;
    private final int maxBatch;
    private final Consumer<List<T>> sink;
    private final Runnable betweenBatches;
    private final Thread thread;
    private volatile boolean running = true;

    public BatchWriter(String name, int capacity, int maxBatch, Consumer<List<T>> sink, ThreadFactory threads) {
        this(name, capacity, maxBatch, sink, () -> { }, threads);
    }

    /** Also runs {@code betweenBatches} on the writer thread before each batch, and at least every 100 ms. */
    public BatchWriter(String name, int capacity, int maxBatch, Consumer<List<T>> sink, Runnable betweenBatches,
            ThreadFactory threads) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.sink = sink;
        this.betweenBatches = betweenBatches;
        this.thread = threads.newThread(this::run);
        this.thread.setName(name);
        this.thread.start();
    }

    /** Queues an item without waiting; false if the queue is full or the writer is stopping. */
    public boolean offer(T item) {
        return running && queue.offer(item);
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                betweenBatches.run();
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                sink.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, e, () -> thread.getName() + " failed on a batch of " + batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** Stops taking items, lets the thread drain the queue for at most {@code deadlineMillis}, and returns what is left. */
    public List<T> stop(long deadlineMillis) {
        running = false;
        try {
            thread.join(deadlineMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning(() -> thread.getName() + " did not finish within " + deadlineMillis + " ms");
            thread.interrupt();
        }
        List<T> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }
}
