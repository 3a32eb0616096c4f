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
}
