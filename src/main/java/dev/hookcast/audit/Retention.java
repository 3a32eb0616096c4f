package dev.hookcast.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.channel.ChannelSettings;
import dev.hookcast.channel.Channels;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Retention: hooks and their deliveries older than {@code hookcast.retention.days} (or the
 * channel's own {@code retentionDays}) are purged
 * every {@code hookcast.retention.interval}, channel by channel, oldest first, in small
 * transactions, so ingest waits at most one batch for a channel's lock. Each batch records, in
 * the channel's row, the highest id purged and the hash the oldest retained hook links to, so
 * the chain stays verifiable and a replay from before the horizon is known to be incomplete.
 */
@Startup
@Singleton
@DependsOn("AuditDatabase")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    @Resource
    TimerService timers;

    @Inject
    RetentionBatches batches;

    @Inject
    Channels channels;

    @Inject
    RejectionCounts rejections;

    @Inject
    @ConfigProperty(name = "hookcast.retention.days", defaultValue = "30")
    int days;

    @Inject
    @ConfigProperty(name = "hookcast.retention.interval", defaultValue = "10m")
    Duration interval;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void start() {
        long period = interval.toMillis();
        timers.createIntervalTimer(period, period, new TimerConfig("retention", false));
    }

    /** Purges what is older than its channel's retention ({@code retentionDays}, else the default). */
    @Timeout
    void purgeExpired(Timer timer) {
        if (!running.compareAndSet(false, true)) {
            return; // the previous run is still going
        }
        try {
            Instant now = Instant.now();
            int shortest = days;
            for (String name : channels.configuredNames()) {
                ChannelSettings settings = channels.settings(name);
                if (settings != null && settings.retentionDays() != null) {
                    shortest = Math.min(shortest, settings.retentionDays());
                }
            }
            long purged = 0;
            Instant oldest = now.minus(Duration.ofDays(shortest));
            for (String name : batches.channelsBefore(oldest.atOffset(ZoneOffset.UTC))) {
                purged += purgeChannel(name, keptFrom(name, now).atOffset(ZoneOffset.UTC));
            }
            for (String name : rejections.channelsBefore(oldest)) {
                rejections.purge(name, keptFrom(name, now));
            }
            long total = purged;
            if (total > 0) {
                LOG.info(() -> "Retention purged " + total + " expired hooks");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Retention failed; it will try again", e);
        } finally {
            running.set(false);
        }
    }

    /** The start of what the channel keeps: its {@code retentionDays}, else the default, before {@code now}. */
    private Instant keptFrom(String channel, Instant now) {
        ChannelSettings settings = channels.settings(channel);
        int keep = settings != null && settings.retentionDays() != null ? settings.retentionDays() : days;
        return now.minus(Duration.ofDays(keep));
    }

    /**
     * Purges every hook received before {@code cutoff}, with its deliveries, and the rejection
     * counts of the minutes that started before it; returns how many hooks.
     */
    public long purgeBefore(Instant cutoff) {
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        rejections.purge(null, cutoff);
        long purged = 0;
        for (String channel : batches.channelsBefore(before)) {
            purged += purgeChannel(channel, before);
        }
        return purged;
    }

    private long purgeChannel(String channel, OffsetDateTime before) {
        long purged = 0;
        int batch;
        do {
            batch = batches.purgeBatch(channel, before);
            purged += batch;
        } while (batch == RetentionBatches.BATCH);
        return purged;
    }
}
