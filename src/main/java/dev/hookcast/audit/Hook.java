package dev.hookcast.audit;

import java.time.OffsetDateTime;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One webhook as it arrived: what an auditor needs to prove what came in, and from where. */
@Entity
@Table(name = "hook")
// The equality columns lead the ORDER BY (the same order): so H2 walks the index in order and
// stops at the page's end, where ORDER BY h.id alone makes it read and sort the whole channel.
@NamedQuery(name = Hook.FIND_ACCEPTED_SINCE, query = "SELECT h FROM Hook h"
        + " WHERE h.channel = :channel AND h.id > :afterId AND h.status = 'ACCEPTED'"
        + " ORDER BY h.channel, h.status, h.id")
@NamedQuery(name = Hook.FIND_ACCEPTED_SIZES_SINCE, query = "SELECT h.size FROM Hook h"
        + " WHERE h.channel = :channel AND h.id > :afterId AND h.status = 'ACCEPTED'"
        + " ORDER BY h.channel, h.status, h.id")
@NamedQuery(name = Hook.FIND_BY_DEDUP_KEY, query = "SELECT h.id, h.receivedAt FROM Hook h"
        + " WHERE h.channel = :channel AND h.dedupKey = :key AND h.status = 'ACCEPTED' AND h.receivedAt >= :since"
        + " ORDER BY h.id")
@NamedQuery(name = Hook.FIND_PURGEABLE, query = "SELECT h.id, h.receivedAt, h.status, h.hash FROM Hook h"
        + " WHERE h.channel = :channel AND h.id > :afterId ORDER BY h.channel, h.id")
@NamedQuery(name = Hook.CHANNELS_BEFORE, query = "SELECT DISTINCT h.channel FROM Hook h WHERE h.receivedAt < :before")
@NamedQuery(name = Hook.DELETE_IDS, query = "DELETE FROM Hook h WHERE h.id IN :ids")
public class Hook {

    public static final String FIND_ACCEPTED_SINCE = "Hook.findAcceptedSince";
    public static final String FIND_ACCEPTED_SIZES_SINCE = "Hook.findAcceptedSizesSince";
    public static final String FIND_BY_DEDUP_KEY = "Hook.findByDedupKey";
    public static final String FIND_PURGEABLE = "Hook.findPurgeable";
    public static final String CHANNELS_BEFORE = "Hook.channelsBefore";
    public static final String DELETE_IDS = "Hook.deleteIds";

    /** Accepted hooks are broadcast and chained; rejected and duplicate arrivals are only recorded. */
    public enum Status {
        ACCEPTED, REJECTED, DUPLICATE;

        /** The name the admin API shows, lower case in any default locale (a Turkish one dots no I). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status {@code label} names, in any case; null when it names none. */
        public static Status ofLabel(String label) {
            for (Status status : values()) {
                if (status.name().equalsIgnoreCase(label)) {
                    return status;
                }
            }
            return null;
        }
    }

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

    @Column(name = "dedup_key", length = 256)
    private String dedupKey;

    @Column(name = "prev_hash", length = 64)
    private String prevHash;

    @Column(length = 64)
    private String hash;

    /** The signature verdict: unsigned, valid (scheme), or why the hook was rejected. */
    @Column(length = 64)
    private String signature;

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

    public String getDedupKey() {
        return dedupKey;
    }

    public void setDedupKey(String dedupKey) {
        this.dedupKey = dedupKey;
    }

    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature == null || signature.length() <= 64 ? signature : signature.substring(0, 64);
    }

    public String getPrevHash() {
        return prevHash;
    }

    public String getHash() {
        return hash;
    }

    /** Links this hook into its channel's chain. */
    public void chain(String prevHash, String hash) {
        this.prevHash = prevHash;
        this.hash = hash;
    }
}
