package dev.hookcast.operations;

import java.time.Duration;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import dev.hookcast.channel.Channels;
import dev.hookcast.delivery.CatchUp;
import dev.hookcast.delivery.Subscriber;
import dev.hookcast.delivery.SubscriberRegistry;
import dev.hookcast.platform.RelayMetrics;
import dev.hookcast.platform.StartGate;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/**
 * {@link RelayMetrics} in the application's MicroProfile Metrics registry. On a server without the
 * MicroProfile Metrics API this class cannot be loaded, so CDI does not discover it as a bean and
 * {@link RelayMetrics} finds no sink.
 *
 * <p>The gauges are read on the metrics endpoint's threads, which Payara serves while the WAR is still
 * deploying: they read 0 until the application has started ({@link StartGate}), touching no bean.
 *
 * <p>Per-channel series exist only for configured channels (others count under
 * {@code channel="other"}), so trying many channel names cannot grow the registry.
 */
@Dependent
class MicroProfileMetrics implements RelayMetrics.Sink {

    private static final String OTHER = "other";

    private final MetricRegistry registry;
    private final Channels channels;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Timer ingest;
    private final Timer dispatch;
    private final Histogram batches;

    @Inject
    MicroProfileMetrics(MetricRegistry registry, Channels channels, SubscriberRegistry subscribers, CatchUp catchUp) {
        this.registry = registry;
        this.channels = channels;
        Metadata deliveries = Metadata.builder().withName("hookcast_deliveries")
                .withDescription("Frames of hooks for subscriber sessions, by outcome").build();
        delivered = registry.counter(deliveries, new Tag("status", "delivered"));
        failed = registry.counter(deliveries, new Tag("status", "failed"));
        dropped = registry.counter(deliveries, new Tag("status", "dropped"));
        ingest = registry.timer(timer("hookcast_ingest_latency",
                "From a hook's arrival to its commit in the audit store"));
        dispatch = registry.timer(timer("hookcast_dispatch_latency",
                "From a hook's arrival to its frame queued for every subscriber"));
        batches = registry.histogram(Metadata.builder().withName("hookcast_ingest_batch_hooks")
                .withDescription("Hooks committed per ingest transaction (group commit)").build());
        registry.gauge(Metadata.builder().withName("hookcast_subscribers")
                .withDescription("WebSocket subscribers connected now").build(), () -> StartGate.isOpen() ? subscribers.all().size() : 0);
        registry.gauge(Metadata.builder().withName("hookcast_subscriber_queued")
                .withDescription("Frames waiting in subscribers' queues now").build(),
                () -> StartGate.isOpen() ? subscribers.all().stream().mapToLong(Subscriber::queued).sum() : 0);
        registry.gauge(Metadata.builder().withName("hookcast_delivery_lag")
                .withDescription("Age of the oldest hook not yet delivered to every subscriber (0: none waits)")
                .withUnit(MetricUnits.SECONDS).build(), () -> StartGate.isOpen() ? subscribers.lag().toMillis() / 1000.0 : 0);
        registry.gauge(Metadata.builder().withName("hookcast_catch_up_held")
                .withDescription("Memory held by catch-ups now: bodies read and frames not yet sent")
                .withUnit(MetricUnits.BYTES).build(), () -> StartGate.isOpen() ? catchUp.heldBytes() : 0);
    }

    /**
     * A timer's metadata. Its unit is the unit a timer records in, nanoseconds: the exporter scales
     * from it to seconds in the series' name and values; declared as seconds, the max and mean went
     * out unscaled, in nanoseconds, under a {@code _seconds} name. (Payara prints a timer's quantiles
     * unscaled whatever the unit: microprofile-config.properties gives buckets in their place.)
     */
    private static Metadata timer(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NANOSECONDS).build();
    }

    @Override
    public void accepted(String channel, Duration sinceArrival) {
        registry.counter("hookcast_hooks_accepted", new Tag("channel", label(channel))).inc();
        ingest.update(sinceArrival);
    }

    @Override
    public void rejected(String channel, String reason) {
        registry.counter("hookcast_hooks_rejected", new Tag("channel", label(channel)), new Tag("reason", reason))
                .inc();
    }

    @Override
    public void dispatched(Duration sinceArrival) {
        dispatch.update(sinceArrival);
    }

    @Override
    public void committed(int hooks) {
        batches.update(hooks);
    }

    @Override
    public void delivered(int frames) {
        delivered.inc(frames);
    }

    @Override
    public void failed() {
        failed.inc();
    }

    @Override
    public void dropped() {
        dropped.inc();
    }

    @Override
    public void fanoutUnpublished(int hooks) {
        registry.counter(Metadata.builder().withName("hookcast_fanout_unpublished_hooks")
                .withDescription("Committed hooks not published to RabbitMQ (the other instances' sweep reads them)")
                .build()).inc(hooks);
    }

    @Override
    public void fanoutDiscarded(String reason) {
        registry.counter(Metadata.builder().withName("hookcast_fanout_discarded_messages")
                .withDescription("Messages from other instances rejected without being handled, by reason").build(),
                new Tag("reason", reason)).inc();
    }

    private String label(String channel) {
        return channels.settings(channel) != null ? channel : OTHER;
    }
}
