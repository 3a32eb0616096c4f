package dev.hookcast.ingest;

import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.channel.ChannelSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How large a hook's body may be. No body larger than {@code hookcast.ingest.max-pending-bytes}
 * (the bytes all hooks waiting for a commit may hold together) can ever be taken, so that is the
 * ceiling of every limit: a channel's {@code maxBytes} above it is refused when it is set, and
 * one stored before (or a {@code hookcast.ingest.max-bytes} above it) counts as the ceiling, so
 * that such a body is refused with 413 before it is read rather than read whole and answered 503.
 */
@ApplicationScoped
public class IngestLimits {

    /** The key that bounds every body limit. */
    public static final String CEILING_KEY = "hookcast.ingest.max-pending-bytes";
    /** The largest body a Java array holds with the extra byte that proves a body too long. */
    static final long LARGEST_ARRAY_BODY = Integer.MAX_VALUE - 9L;
    private static final Logger LOG = Logger.getLogger(IngestLimits.class.getName());

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-bytes", defaultValue = "26214400")
    long maxBytes;

    @Inject
    @ConfigProperty(name = CEILING_KEY, defaultValue = "268435456")
    long maxPendingBytes;

    @PostConstruct
    void check() {
        if (maxBytes > ceiling()) {
            LOG.warning(() -> "hookcast.ingest.max-bytes (" + maxBytes + ") is over " + CEILING_KEY + " ("
                    + maxPendingBytes + "): bodies are limited to " + ceiling() + " bytes");
        }
    }

    /** The bytes of hooks that may wait for a commit together. */
    long maxPendingBytes() {
        return maxPendingBytes;
    }

    /** The largest body the server can ever take, whatever a channel's settings say. */
    public long ceiling() {
        return ceiling(maxPendingBytes);
    }

    /** The body limit of a channel with these settings (null: an unconfigured channel). */
    long limit(ChannelSettings settings) {
        return limit(settings == null ? null : settings.maxBytes(), maxBytes, maxPendingBytes);
    }

    static long ceiling(long maxPendingBytes) {
        return Math.max(1, Math.min(maxPendingBytes, LARGEST_ARRAY_BODY));
    }

    /** The channel's own limit, else the default, and never over the ceiling. */
    static long limit(Long channelMaxBytes, long defaultMaxBytes, long maxPendingBytes) {
        return Math.min(channelMaxBytes != null ? channelMaxBytes : defaultMaxBytes, ceiling(maxPendingBytes));
    }
}
