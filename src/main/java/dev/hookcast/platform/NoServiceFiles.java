package dev.hookcast.platform;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A context class loader for handing work to the container: the application's loader, except
 * that it has no {@code META-INF/services} files.
 *
 * <p>Capturing the context of a task for a managed executor (Payara does it for every task,
 * including the idle-timer task its WebSocket implementation schedules on every send) looks up
 * thread-context providers with a {@code ServiceLoader} through the thread's context class loader,
 * which scans every jar of the server for service files: in a profile, a large share of the CPU
 * time of a broadcast and of ingest. Hookcast's tasks load no services.
 */
public final class NoServiceFiles {

    public static final ClassLoader LOADER = new ClassLoader(NoServiceFiles.class.getClassLoader()) {
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    private NoServiceFiles() {
    }

    /** {@code scheduler.schedule(task, delay)}, submitted with {@link #LOADER} as the context class loader. */
    public static ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Runnable task, Duration delay) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER);
        try {
            return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@code executor.execute(task)}, submitted with {@link #LOADER} as the context class loader. */
    public static void execute(Executor executor, Runnable task) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER);
        try {
            executor.execute(task);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * {@link #execute}, or, when the executor refuses the task (the container's default executor
     * refuses once all of its threads are busy), runs it on this thread: for work that must not be lost.
     */
    public static void executeOrRun(Executor executor, Runnable task) {
        try {
            execute(executor, task);
        } catch (RejectedExecutionException busy) {
            task.run();
        }
    }
}
