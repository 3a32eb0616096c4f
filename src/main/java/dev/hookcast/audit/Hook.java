package dev.hookcast.audit;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One webhook as it arrived: what an auditor needs to prove what came in, and from where. */
@Entity
@Table(name = "hook")
@NamedQuery(name = Hook.FIND_ACCEPTED_SINCE, query = "SELECT h FROM Hook h"
        + " WHERE h.channel = :channel AND h.id > :afterId AND h.status = 'ACCEPTED' ORDER BY h.id")
@NamedQuery(name = Hook.MAX_ID, query = "SELECT MAX(h.id) FROM Hook h")
public class Hook {

    public static final String FIND_ACCEPTED_SINCE = "Hook.findAcceptedSince";
    public static final String MAX_ID = "Hook.maxId";

    public enum Status { ACCEPTED, REJECTED }

    @Id
    private long id;

    @Column(nullable = false, length = 128)
    private String channel;

    @Column(name = "received_at", nullable = false)
    private OffsetDateTime receivedAt;

    @Column(nullable = false, length = 16)
    private String method;

    @Column(name = "content_type", length = 1024)
    private String contentType;

    /** Every request header as received, in order: a JSON array of {@code [name, value]} pairs. */
    @Column(nullable = false)
    private String headers;

    @Column(name = "remote_address", length = 64)
    private String remoteAddress;

    private byte[] body;

    @Column(nullable = false)
    private long size;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(length = 1024)
    private String reason;

    protected Hook() {
    }

    public Hook(long id, String channel, OffsetDateTime receivedAt, String method, String contentType,
            String headers, String remoteAddress, byte[] body, long size, Status status, String reason) {
        this.id = id;
        this.channel = channel;
        this.receivedAt = receivedAt;
        this.method = method;
        this.contentType = contentType;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
        this.body = body;
        this.size = size;
        this.status = status.name();
        this.reason = reason;
    }

    public long getId() {
        return id;
    }

    public String getChannel() {
        return channel;
    }

    public OffsetDateTime getReceivedAt() {
        return receivedAt;
    }

    public String getMethod() {
        return method;
    }

    public String getContentType() {
        return contentType;
    }

    public String getHeaders() {
        return headers;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public byte[] getBody() {
        return body;
    }

    public long getSize() {
        return size;
    }

    public Status getStatus() {
        return Status.valueOf(status);
    }

    public String getReason() {
        return reason;
    }
}
