package dev.hookcast.platform;

import java.time.Duration;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import dev.hookcast.channel.Channels;
import dev.hookcast.delivery.ChannelEndpoint;
import dev.hookcast.delivery.Subscriber;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Hookcast's MicroProfile Metrics, at {@code /metrics}: hooks accepted and rejected per channel,
 * deliveries by outcome, subscribers and their queues, ingest and dispatch latency. Per-channel
 * series exist only for configured channels (others count under {@code channel="other"}), so
 * trying many channel names cannot grow the registry.
 */
@ApplicationScoped
public class RelayMetrics {

    private static final String OTHER = "other";

    @Inject
    MetricRegistry registry;

    @Inject
    Channels channels;

    @Inject
    ChannelEndpoint endpoint;

    private Counter delivered;
    private Counter failed;
    private Counter dropped;
    private Timer ingest;
    private Timer dispatch;

    @PostConstruct
    void register() {
        Metadata deliveries = Metadata.builder().withName("hookcast_deliveries")
                .withDescription("Frames of hooks for subscriber sessions, by outcome").build();
        delivered = registry.counter(deliveries, new Tag("status", "delivered"));
        failed = registry.counter(deliveries, new Tag("status", "failed"));
        dropped = registry.counter(deliveries, new Tag("status", "dropped"));
        ingest = registry.timer(Metadata.builder().withName("hookcast_ingest_latency")
                .withDescription("From a hook's arrival to its commit in the audit store")
                .withUnit(MetricUnits.SECONDS).build());
        dispatch = registry.timer(Metadata.builder().withName("hookcast_dispatch_latency")
                .withDescription("From a hook's arrival to its frame queued for every subscriber")
                .withUnit(MetricUnits.SECONDS).build());
        registry.gauge(Metadata.builder().withName("hookcast_subscribers")
                .withDescription("WebSocket subscribers connected now").build(), () -> endpoint.all().size());
        registry.gauge(Metadata.builder().withName("hookcast_subscriber_queued")
                .withDescription("Frames waiting in subscribers' queues now").build(),
                () -> endpoint.all().stream().mapToLong(Subscriber::queued).sum());
    }

    public void accepted(String channel, Duration sinceArrival) {
        registry.counter("hookcast_hooks_accepted", new Tag("channel", label(channel))).inc();
        ingest.update(sinceArrival);
    }

    /** A hook refused at the door; {@code reason} is a short fixed word (too_large, signature, rate_limit). */
    public void rejected(String channel, String reason) {
        registry.counter("hookcast_hooks_rejected", new Tag("channel", label(channel)), new Tag("reason", reason))
                .inc();
    }

    public void dispatched(Duration sinceArrival) {
        dispatch.update(sinceArrival);
    }

    public void delivered() {
        delivered.inc();
    }

    public void failed() {
        failed.inc();
    }

    public void dropped() {
        dropped.inc();
    }

    private String label(String channel) {
        return channels.settings(channel) != null ? channel : OTHER;
    }
}
