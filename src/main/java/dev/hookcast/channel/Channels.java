package dev.hookcast.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.Problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The configured channels' settings, as the ingest door and the subscribe door read them on
 * every request: held in memory, reloaded from the audit store after a local change and at
 * least every few seconds (so a change made through another instance applies within that).
 *
 * <p>While the audit store is unavailable the settings read last stay in force, and the reload is
 * tried again every second; only before they were ever read does a request fail, with 503.
 * Requests never wait for a reload that another request is doing.
 */
@ApplicationScoped
public class Channels {

    private static final Logger LOG = Logger.getLogger(Channels.class.getName());
    private static final long RELOAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int PROBE_TIMEOUT_SECONDS = 1;

    @Inject
    ChannelRepository repository;

    @Inject
    AuditDatabase database;

    private volatile Map<String, ChannelSettings> configured = Map.of();
    private volatile long loadedAt = System.nanoTime() - 2 * RELOAD_NANOS;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final AtomicBoolean reloading = new AtomicBoolean();
    /** Whether the settings were ever read, and whether the last reload failed. */
    private volatile boolean loaded;
    private volatile boolean failing;

    /** The channel's settings, or null when it has none (the defaults apply). */
    public ChannelSettings settings(String name) {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS) {
            reloadIfStale();
        }
        return configured.get(name);
    }

    /** The names of the configured channels. */
    public Set<String> configuredNames() {
        settings("");
        return configured.keySet();
    }

    /**
     * Takes one hook from the channel's rate limit: 0 if it may pass, else the seconds to wait.
     * Channels without a limit always pass, and keep no state.
     */
    public long acquire(ChannelSettings settings) {
        if (settings == null || !settings.rateLimited()) {
            return 0;
        }
        RateLimiter limiter = limiters.computeIfAbsent(settings.name(), name -> new RateLimiter(
                settings.ratePerSecond(), settings.rateBurst() == null ? settings.ratePerSecond() : settings.rateBurst(),
                System.nanoTime()));
        return limiter.tryAcquire(System.nanoTime());
    }

    /** Stores the channel's settings ({@code null}: back to the defaults) and applies them here at once. */
    public void configure(String name, ChannelSettings settings) {
        repository.configure(name, settings);
        limiters.remove(name);
        reload();
    }

    /**
     * Reloads the settings once they are older than RELOAD_NANOS. One request reloads while the
     * others go on with the settings read last; only before the first read do they wait for it.
     * The store is asked whether it answers first: a query on a store that is down would be
     * retried by the persistence provider for several seconds.
     */
    private void reloadIfStale() {
        boolean mine = reloading.compareAndSet(false, true);
        if (loaded && !mine) {
            return;
        }
        try {
            synchronized (this) {
                if (System.nanoTime() - loadedAt <= RELOAD_NANOS) {
                    return;
                }
                if (!database.isAvailable(PROBE_TIMEOUT_SECONDS)) {
                    throw new IllegalStateException("the audit store does not answer");
                }
                reload();
            }
        } catch (RuntimeException e) {
            if (!loaded) {
                throw Problem.unavailable("The channel settings cannot be read: the audit store is unavailable.");
            }
            if (!failing) {
                LOG.warning(() -> "The channel settings cannot be reloaded, the ones read last stay in force: " + e);
                failing = true;
            }
            loadedAt = System.nanoTime() - RELOAD_NANOS + RETRY_NANOS;
        } finally {
            if (mine) {
                reloading.set(false);
            }
        }
    }

    private synchronized void reload() {
        Map<String, ChannelSettings> fresh = repository.configuredSettings();
        limiters.keySet().removeIf(name -> !fresh.containsKey(name)
                || !sameLimit(fresh.get(name), configured.get(name)));
        configured = fresh;
        loadedAt = System.nanoTime();
        loaded = true;
        if (failing) {
            LOG.info("The channel settings are read from the audit store again");
            failing = false;
        }
    }

    private static boolean sameLimit(ChannelSettings a, ChannelSettings b) {
        return b != null && Objects.equals(a.ratePerSecond(), b.ratePerSecond())
                && Objects.equals(a.rateBurst(), b.rateBurst());
    }
}
