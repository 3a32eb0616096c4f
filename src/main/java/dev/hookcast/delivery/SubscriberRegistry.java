package dev.hookcast.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.channel.Channel;
import dev.hookcast.channel.ChannelRepository;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * Who subscribes to what on this instance, and how far each channel was broadcast to them: the
 * one owner of per-channel subscription state. The container's lock guards membership: WRITE to
 * register or forget a subscriber, READ for everything else. A channel's subscribers are a
 * copy-on-write array, so a broadcast iterates an array nobody changes under it, while others
 * come and go.
 *
 * <p>The broadcast cursor ({@link #audience}, {@link #advance}) is kept only for channels with
 * subscribers here, and changes with membership under the WRITE lock: a subscriber registers
 * having taken its {@link #startingPoint} at the handshake, so the dispatcher, which reads the
 * cursor and the members together, never skips a hook between the two; the last one to leave
 * takes the cursor with it. Only the dispatcher advances it.
 */
@Startup
@Singleton
@DependsOn("AuditDatabase")
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubscriberRegistry {

    private static final Subscriber[] NONE = {};
    private static final CloseReason SHUTDOWN = new CloseReason(CloseCodes.GOING_AWAY, "server shutdown");
    private static final long SHUTDOWN_DEADLINE_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(SubscriberRegistry.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    ChannelRepository channels;

    private final Map<String, Subscriber[]> members = new ConcurrentHashMap<>();
    /** Per channel with subscribers here (and being subscribed to): every accepted hook up to this id was queued to them. */
    private final ConcurrentHashMap<String, Long> broadcastThrough = new ConcurrentHashMap<>();

    /** A channel's subscribers as the dispatcher sees them, and how far it broadcast to them. */
    public static final class Audience {
        final Subscriber[] members;
        long through;

        Audience(Subscriber[] members, long through) {
            this.members = members;
            this.through = through;
        }
    }

    /**
     * Where a new subscriber of the channel starts, taken at its handshake: every accepted hook
     * of the channel up to the returned id either was already broadcast or was committed before
     * this call, so a subscriber registered after it, catching up from this id, misses none
     * accepted later.
     */
    public long startingPoint(String channel) {
        return broadcastThrough.computeIfAbsent(channel, this::lastAccepted);
    }

    /**
     * Adds a subscriber that took its {@link #startingPoint} as {@code start} (null if it took
     * none): if its channel was forgotten meanwhile, broadcasting resumes from there.
     */
    @Lock(LockType.WRITE)
    public void register(Subscriber subscriber, Long start) {
        members.merge(subscriber.channel, new Subscriber[] {subscriber}, SubscriberRegistry::plus);
        if (start != null) {
            broadcastThrough.putIfAbsent(subscriber.channel, start);
        }
    }

    /** Removes a subscriber; the channel's last one takes the channel's cursor with it. */
    @Lock(LockType.WRITE)
    public void forget(Subscriber subscriber) {
        if (members.computeIfPresent(subscriber.channel, (name, current) -> minus(current, subscriber)) == null) {
            broadcastThrough.remove(subscriber.channel);
        }
    }

    /** The channel's subscribers now: an array that is never modified. */
    public Subscriber[] subscribers(String channel) {
        return members.getOrDefault(channel, NONE);
    }

    /** Every subscriber of every channel. */
    public List<Subscriber> all() {
        List<Subscriber> all = new ArrayList<>();
        members.values().forEach(subscribers -> all.addAll(Arrays.asList(subscribers)));
        return all;
    }

    /** The subscriber with this id, or null. */
    public Subscriber find(long id) {
        for (Subscriber[] subscribers : members.values()) {
            for (Subscriber subscriber : subscribers) {
                if (subscriber.id == id) {
                    return subscriber;
                }
            }
        }
        return null;
    }

    /** The dispatcher's view of a channel: its subscribers and cursor, or null if nobody here subscribes to it. */
    public Audience audience(String channel) {
        Long through = broadcastThrough.get(channel);
        return through == null ? null : new Audience(subscribers(channel), through);
    }

    /** The cursors of every channel with subscribers here, for a sweep of the audit store. */
    public Map<String, Long> cursors() {
        return Map.copyOf(broadcastThrough);
    }

    /** The dispatcher queued every accepted hook of the channel up to {@code through}; ignored if the channel was forgotten. */
    public void advance(String channel, long through) {
        broadcastThrough.computeIfPresent(channel, (name, was) -> Math.max(was, through));
    }

    /** How long ago the oldest hook not yet delivered to every subscriber arrived; zero when none waits. */
    public Duration lag() {
        long oldest = Long.MAX_VALUE;
        for (Subscriber[] subscribers : members.values()) {
            for (Subscriber subscriber : subscribers) {
                oldest = Math.min(oldest, subscriber.oldestUndelivered());
            }
        }
        return oldest == Long.MAX_VALUE ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    }

    /**
     * Closes every session with 1001 before the application stops, waiting at most a deadline.
     * Here rather than in the endpoint: the registry outlives the beans that use it (they depend
     * on it), so every subscriber is still known when this runs.
     */
    @PreDestroy
    void stop() {
        List<Callable<Void>> closes = new ArrayList<>();
        for (Subscriber subscriber : all()) {
            closes.add(() -> {
                subscriber.close(SHUTDOWN);
                return null;
            });
        }
        if (!closes.isEmpty()) {
            try {
                executor.invokeAll(closes, SHUTDOWN_DEADLINE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing subscribers at shutdown failed", e);
            }
        }
        members.clear();
        broadcastThrough.clear();
    }

    /** The accepted id of the channel's last hook: from where a broadcast to its first subscriber starts. */
    public long lastAccepted(String channel) {
        Channel row = channels.find(channel);
        return row == null ? 0 : row.getLastId();
    }

    private static Subscriber[] plus(Subscriber[] subscribers, Subscriber[] added) {
        Subscriber[] result = Arrays.copyOf(subscribers, subscribers.length + added.length);
        System.arraycopy(added, 0, result, subscribers.length, added.length);
        return result;
    }

    private static Subscriber[] minus(Subscriber[] subscribers, Subscriber removed) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i] == removed) {
                if (subscribers.length == 1) {
                    return null;
                }
                Subscriber[] result = new Subscriber[subscribers.length - 1];
                System.arraycopy(subscribers, 0, result, 0, i);
                System.arraycopy(subscribers, i + 1, result, i, subscribers.length - i - 1);
                return result;
            }
        }
        return subscribers;
    }
}
