package dev.hookcast.channel;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A channel that has received hooks. Its row is the lock that orders the channel's hooks:
 * the ingest transaction locks it before drawing ids, so ids grow in commit order.
 */
@Entity
@Table(name = "channel")
public class Channel {

    @Id
    @Column(length = 128)
    private String name;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** Head of the channel's hash chain: the newest accepted hook's hash and id. */
    @Column(name = "last_hash", length = 64)
    private String lastHash;

    @Column(name = "last_id", nullable = false)
    private long lastId;

    /** What the oldest retained accepted hook links to once older hooks are purged. */
    @Column(name = "anchor_hash", length = 64)
    private String anchorHash;

    /** The highest hook id purged by retention: a replay from below it is incomplete. */
    @Column(name = "purged_through", nullable = false)
    private long purgedThrough;

    protected Channel() {
    }

    public Channel(String name, OffsetDateTime createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public String getName() {
        return name;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public String getLastHash() {
        return lastHash;
    }

    public long getLastId() {
        return lastId;
    }

    public void appended(long id, String hash) {
        this.lastId = id;
        this.lastHash = hash;
    }

    public String getAnchorHash() {
        return anchorHash;
    }

    public long getPurgedThrough() {
        return purgedThrough;
    }

    /** Records that hooks up to {@code id} were purged, the newest accepted of them hashing to {@code anchorHash}. */
    public void purged(long id, String anchorHash) {
        this.purgedThrough = Math.max(purgedThrough, id);
        if (anchorHash != null) {
            this.anchorHash = anchorHash;
        }
    }
}
