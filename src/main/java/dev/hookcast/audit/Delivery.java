package dev.hookcast.audit;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** What became of one hook for one subscriber session: delivered, failed (with the error) or dropped. */
@Entity
@Table(name = "delivery")
@NamedQuery(name = Delivery.FOR_HOOK, query = "SELECT d FROM Delivery d WHERE d.hookId = :hookId ORDER BY d.id")
@NamedQuery(name = Delivery.DELETE_FOR_HOOKS, query = "DELETE FROM Delivery d WHERE d.hookId IN :ids")
public class Delivery {

    public static final String FOR_HOOK = "Delivery.forHook";
    public static final String DELETE_FOR_HOOKS = "Delivery.deleteForHooks";

    public enum Status { DELIVERED, FAILED, DROPPED }

    @Id
    private long id;

    @Column(name = "hook_id", nullable = false)
    private long hookId;

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

    public Delivery(long id, long hookId, String subscriber, String remote, OffsetDateTime at, Status status,
            String error) {
        this.id = id;
        this.hookId = hookId;
        this.subscriber = subscriber;
        this.remote = remote;
        this.at = at;
        this.status = status.name();
        this.error = error == null || error.length() <= 1024 ? error : error.substring(0, 1024);
    }

    public long getHookId() {
        return hookId;
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
