package dev.hookcast.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The configured channels' settings, as the ingest door and the subscribe door read them on
 * every request: held in memory, reloaded from the audit store after a local change and at
 * least every few seconds (so a change made through another instance applies within that).
 * While the audit store is down the settings last loaded stay in force: requests are not held
 * up by a reload that cannot succeed, and one reload a second tries again.
 */
@ApplicationScoped
public class Channels {

    private static final long RELOAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = Logger.getLogger(Channels.class.getName());

    @Inject
    ChannelRepository repository;

    private volatile Map<String, ChannelSettings> configured = Map.of();
    private volatile long loadedAt = System.nanoTime() - 2 * RELOAD_NANOS;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

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

    private synchronized void reloadIfStale() {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS) {
            try {
                reload();
            } catch (RuntimeException e) {
                loadedAt = System.nanoTime() - RELOAD_NANOS + RETRY_NANOS;
                LOG.log(Level.WARNING, "Channel settings could not be reloaded from the audit store;"
                        + " the settings loaded before stay in force", e);
            }
        }
    }

    private synchronized void reload() {
        Map<String, ChannelSettings> fresh = repository.configuredSettings();
        limiters.keySet().removeIf(name -> !fresh.containsKey(name)
                || !sameLimit(fresh.get(name), configured.get(name)));
        configured = fresh;
        loadedAt = System.nanoTime();
    }

    private static boolean sameLimit(ChannelSettings a, ChannelSettings b) {
        return b != null && Objects.equals(a.ratePerSecond(), b.ratePerSecond())
                && Objects.equals(a.rateBurst(), b.rateBurst());
    }
}
