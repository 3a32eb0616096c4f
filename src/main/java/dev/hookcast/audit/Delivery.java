package dev.hookcast.audit;

import java.time.OffsetDateTime;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * What became of a run of a channel's hooks for one subscriber session: delivered, failed (with
 * the error) or dropped. A run of delivered hooks covers every accepted hook of the channel from
 * {@code firstHook} to {@code lastHook}: a subscriber is sent all of them, in order, so
 * consecutive deliveries are recorded as one row (within a second of each other, and never
 * across a multiple of {@link #BUCKET} hook ids, so finding a hook's runs reads one bucket).
 * Failures, drops and an admin's replays are runs of one hook.
 */
@Entity
@Table(name = "delivery_run")
@NamedQuery(name = Delivery.FOR_HOOK, query = "SELECT d FROM Delivery d WHERE d.channel = :channel"
        + " AND d.bucket = :bucket AND d.firstHook <= :hookId AND d.lastHook >= :hookId ORDER BY d.id")
@NamedQuery(name = Delivery.DELETE_THROUGH, query = "DELETE FROM Delivery d WHERE d.channel = :channel"
        + " AND d.bucket <= :bucket AND d.lastHook <= :hookId")
public class Delivery {

    public static final String FOR_HOOK = "Delivery.forHook";
    public static final String DELETE_THROUGH = "Delivery.deleteThrough";
    /** A run's hook ids share their quotient by this. */
    public static final long BUCKET = 1024;

    public enum Status {
        DELIVERED, FAILED, DROPPED;

        /** The name the admin API shows, lower case in any default locale (a Turkish one dots no I). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    private long id;

    @Column(nullable = false, length = 128)
    private String channel;

    @Column(nullable = false)
    private long bucket;

    @Column(name = "first_hook", nullable = false)
    private long firstHook;

    @Column(name = "last_hook", nullable = false)
    private long lastHook;

    @Column(nullable = false)
    private int hooks;

    @Column(nullable = false, length = 32)
    private String subscriber;

    @Column(length = 64)
    private String remote;

    @Column(name = "at_time", nullable = false)
    private OffsetDateTime at;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(length = 1024)
    private String error;

    protected Delivery() {
    }

    public Delivery(long id, String channel, long firstHook, long lastHook, int hooks, String subscriber,
            String remote, OffsetDateTime at, Status status, String error) {
        if (bucket(firstHook) != bucket(lastHook) || firstHook > lastHook) {
            throw new IllegalArgumentException("Not a run: " + firstHook + " to " + lastHook);
        }
        this.id = id;
        this.channel = channel;
        this.bucket = bucket(firstHook);
        this.firstHook = firstHook;
        this.lastHook = lastHook;
        this.hooks = hooks;
        this.subscriber = subscriber;
        this.remote = remote;
        this.at = at;
        this.status = status.name();
        this.error = error == null || error.length() <= 1024 ? error : error.substring(0, 1024);
    }

    /** The bucket of a hook id: a run's hooks are all in one. */
    public static long bucket(long hookId) {
        return hookId / BUCKET;
    }

    public String getChannel() {
        return channel;
    }

    public long getFirstHook() {
        return firstHook;
    }

    public long getLastHook() {
        return lastHook;
    }

    public int getHooks() {
        return hooks;
    }

    public String getSubscriber() {
        return subscriber;
    }

    public String getRemote() {
        return remote;
    }

    public OffsetDateTime getAt() {
        return at;
    }

    public Status getStatus() {
        return Status.valueOf(status);
    }

    public String getError() {
        return error;
    }
}
