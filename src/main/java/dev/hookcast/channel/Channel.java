package dev.hookcast.channel;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A channel that has received hooks. Its row is the lock that orders the channel's hooks:
 * the ingest transaction locks it before drawing ids, so ids grow in commit order.
 */
@Entity
@Table(name = "channel")
@NamedQuery(name = Channel.CONFIGURED, query = "SELECT c FROM Channel c WHERE c.configured = TRUE")
public class Channel {

    public static final String CONFIGURED = "Channel.configured";

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

    @Column(nullable = false)
    private boolean configured;

    @Column(name = "signing_scheme", length = 16)
    private String signingScheme;

    @Column(name = "signing_secret", length = 512)
    private String signingSecret;

    @Column(name = "signing_previous_secret", length = 512)
    private String signingPreviousSecret;

    @Column(name = "subscriber_token_hash", length = 64)
    private String subscriberTokenHash;

    @Column(name = "max_bytes")
    private Long maxBytes;

    @Column(name = "rate_per_second")
    private Integer ratePerSecond;

    @Column(name = "rate_burst")
    private Integer rateBurst;

    @Column(name = "retention_days")
    private Integer retentionDays;

    /** Signature headers go to the token-holding subscribers that ask for the exact body. */
    @Column(name = "forward_signatures", nullable = false)
    private boolean forwardSignatures;

    protected Channel() {
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

    /** The channel's settings as they are now. */
    public ChannelSettings settings() {
        return new ChannelSettings(name, signingScheme == null ? null : SigningScheme.parse(signingScheme),
                signingSecret, signingPreviousSecret, subscriberTokenHash, maxBytes, ratePerSecond, rateBurst,
                retentionDays, forwardSignatures);
    }

    /** Replaces the channel's settings; {@code null} settings reset it to the defaults. */
    public void configure(ChannelSettings settings) {
        boolean reset = settings == null;
        configured = !reset;
        signingScheme = reset || settings.scheme() == null ? null : settings.scheme().id();
        signingSecret = reset ? null : settings.secret();
        signingPreviousSecret = reset ? null : settings.previousSecret();
        subscriberTokenHash = reset ? null : settings.tokenHash();
        maxBytes = reset ? null : settings.maxBytes();
        ratePerSecond = reset ? null : settings.ratePerSecond();
        rateBurst = reset ? null : settings.rateBurst();
        retentionDays = reset ? null : settings.retentionDays();
        forwardSignatures = !reset && settings.forwardSignatures();
    }

    /** Records that hooks up to {@code id} were purged, the newest accepted of them hashing to {@code anchorHash}. */
    public void purged(long id, String anchorHash) {
        this.purgedThrough = Math.max(purgedThrough, id);
        if (anchorHash != null) {
            this.anchorHash = anchorHash;
        }
    }
}
