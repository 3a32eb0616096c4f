package dev.hookcast.admin;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Failed logins per remote address: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW} of an address's first failure, every attempt from it is refused (even
 * with the right password) until that window ends. A success does not clear the count: behind
 * a proxy one address may carry a legitimate client and a guesser at once.
 *
 * <p>Admitting an attempt and counting it are one step ({@link #admit}): an admitted attempt
 * holds one of the window's places until {@link #report}: a success gives it back, a failure
 * keeps it, so however many guesses arrive at once, at most {@link #MAX_FAILURES} of a window are
 * evaluated. An attempt that finds every place held by attempts still being evaluated waits for
 * one of them (at most {@link #MAX_WAIT}), so that concurrent requests with the right password
 * are not refused.
 *
 * <p>At most {@link #MAX_ADDRESSES} addresses are remembered; past that the oldest window is
 * forgotten first. Windows that have ended are dropped as new attempts come in.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;
    /** How long an attempt waits for a place held by another evaluation before it is refused. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    /** An address's window; guarded by the throttle's lock. */
    private static final class Window {
        /** When the window's first failure was counted; meaningless while there is none. */
        long start;
        int failures;
        /** Admitted attempts not yet reported. */
        int evaluating;
    }

    /**
     * The answer of {@link #admit}: refused ({@link #retryAfterSeconds} &gt; 0), or admitted and
     * holding a place in its address's window until it is reported.
     */
    public static final class Attempt {
        private final String address;
        private final Window window;
        private final long retryAfterSeconds;
        private boolean reported;

        private Attempt(String address, Window window, long retryAfterSeconds) {
            this.address = address;
            this.window = window;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** Seconds until the address may try again; 0 when this attempt was admitted. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final LongSupplier nanoTime;
    /**
     * Guards the windows. Not the bean's monitor: CDI's client proxy may copy a method's
     * {@code synchronized}, and a wait would then keep the proxy's monitor, so every other call.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition placeFreed = lock.newCondition();
    /** In order of window start; a window without failures yet only holds places of attempts. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

    public LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Admits a login attempt from {@code address}, counted as failed until reported otherwise,
     * or refuses it. Every admitted attempt is to be {@link #report reported}.
     */
    public Attempt admit(String address) {
        long waitUntil = System.nanoTime() + MAX_WAIT.toNanos();
        lock.lock();
        try {
            return admit(address, waitUntil);
        } finally {
            lock.unlock();
        }
    }

    private Attempt admit(String address, long waitUntil) {
        while (true) {
            long now = nanoTime.getAsLong();
            dropEnded(now);
            Window window = windows.get(address);
            if (window == null) {
                window = new Window();
                windows.put(address, window);
                if (windows.size() > MAX_ADDRESSES) {
                    Iterator<Map.Entry<String, Window>> oldest = windows.entrySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
            } else if (ended(window, now)) {
                window.failures = 0;
            }
            if (window.failures >= MAX_FAILURES) {
                long left = window.start + WINDOW.toNanos() - now;
                return new Attempt(address, null, Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
            }
            if (window.failures + window.evaluating < MAX_FAILURES) {
                window.evaluating++;
                return new Attempt(address, window, 0);
            }
            long wait = waitUntil - System.nanoTime();
            if (wait <= 0) {
                return new Attempt(address, null, 1);
            }
            try {
                placeFreed.awaitNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempt(address, null, 1);
            }
        }
    }

    /**
     * Ends an admitted attempt (a refused or already reported one is ignored): a success gives its
     * place back; a failure keeps it until the window ends.
     */
    public void report(Attempt attempt, boolean succeeded) {
        lock.lock();
        try {
            end(attempt, succeeded);
        } finally {
            lock.unlock();
        }
    }

    private void end(Attempt attempt, boolean succeeded) {
        Window window = attempt.window;
        if (window == null || attempt.reported) {
            return;
        }
        attempt.reported = true;
        window.evaluating--;
        placeFreed.signalAll();
        if (succeeded) {
            if (window.failures == 0 && window.evaluating == 0) {
                windows.remove(attempt.address, window);
            }
            return;
        }
        if (window.failures++ == 0) {
            window.start = nanoTime.getAsLong();
            if (windows.remove(attempt.address, window)) {
                windows.put(attempt.address, window); // now in order of start
            }
        }
        if (window.failures == MAX_FAILURES) {
            LOG.info(() -> MAX_FAILURES + " failed admin logins from " + attempt.address
                    + " within a minute; refusing its logins until the minute is over");
        }
    }

    /** Attempts waiting for a place now. */
    int waiting() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(placeFreed);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return windows.size();
        } finally {
            lock.unlock();
        }
    }

    private void dropEnded(long now) {
        for (Iterator<Window> oldest = windows.values().iterator(); oldest.hasNext();) {
            if (!ended(oldest.next(), now)) {
                break;
            }
            oldest.remove();
        }
    }

    private static boolean ended(Window window, long now) {
        return window.failures > 0 && now - window.start >= WINDOW.toNanos();
    }
}
