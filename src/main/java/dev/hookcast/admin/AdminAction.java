package dev.hookcast.admin;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One thing an admin did: who, when, what, to what. */
@Entity
@Table(name = "admin_action")
@NamedQuery(name = AdminAction.NEWEST, query = "SELECT a FROM AdminAction a ORDER BY a.id DESC")
public class AdminAction {

    public static final String NEWEST = "AdminAction.newest";

    @Id
    private long id;

    @Column(name = "at_time", nullable = false)
    private OffsetDateTime at;

    @Column(nullable = false, length = 64)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(length = 256)
    private String target;

    @Column(length = 1024)
    private String detail;

    protected AdminAction() {
    }

    public AdminAction(long id, OffsetDateTime at, String actor, String action, String target, String detail) {
        this.id = id;
        this.at = at;
        this.actor = cut(actor, 64);
        this.action = cut(action, 64);
        this.target = cut(target, 256);
        this.detail = cut(detail, 1024);
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    public long getId() {
        return id;
    }

    public OffsetDateTime getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getDetail() {
        return detail;
    }
}
