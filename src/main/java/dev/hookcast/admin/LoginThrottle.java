package dev.hookcast.admin;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Failed logins per remote address: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW} of an address's first failure, every attempt from it is refused (even
 * with the right password) until that window ends. A success does not clear the count: behind
 * a proxy one address may carry a legitimate client and a guesser at once.
 *
 * <p>At most {@link #MAX_ADDRESSES} addresses are remembered; past that the oldest window is
 * forgotten first. Windows that have ended are dropped as new failures come in.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    private record Window(long start, int failures) {
    }

    private final LongSupplier nanoTime;
    /** In order of window start: a failure within a window keeps the entry's place. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

    public LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Seconds until {@code address} may try again, 0 when it may now. */
    public synchronized long retryAfterSeconds(String address) {
        long now = nanoTime.getAsLong();
        Window window = windows.get(address);
        if (window == null || window.failures() < MAX_FAILURES || ended(window, now)) {
            return 0;
        }
        long left = window.start() + WINDOW.toNanos() - now;
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts a failed login from {@code address}. */
    public synchronized void failed(String address) {
        long now = nanoTime.getAsLong();
        for (Iterator<Window> oldest = windows.values().iterator(); oldest.hasNext();) {
            if (!ended(oldest.next(), now)) {
                break;
            }
            oldest.remove();
        }
        Window window = windows.get(address);
        if (window == null) {
            windows.put(address, new Window(now, 1));
            if (windows.size() > MAX_ADDRESSES) {
                Iterator<Map.Entry<String, Window>> oldest = windows.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
        } else {
            windows.put(address, new Window(window.start(), window.failures() + 1));
            if (window.failures() + 1 == MAX_FAILURES) {
                LOG.info(() -> MAX_FAILURES + " failed admin logins from " + address
                        + " within a minute; refusing its logins until the minute is over");
            }
        }
    }

    synchronized int size() {
        return windows.size();
    }

    private static boolean ended(Window window, long now) {
        return now - window.start() >= WINDOW.toNanos();
    }
}
