package dev.hookcast.platform;

import java.time.Duration;
import java.util.logging.Logger;

import dev.hookcast.channel.Channels;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Hookcast's metrics, at {@code /metrics} where the server has MicroProfile Metrics (Payara): hooks
 * accepted and rejected per channel, deliveries by outcome, subscribers and their queues, ingest and
 * dispatch latency (see {@link MicroProfileMetrics}). Per-channel series exist only for configured
 * channels (others count under {@code channel="other"}), so trying many channel names cannot grow
 * the registry.
 *
 * <p>This class names no MicroProfile Metrics type, so that Hookcast also deploys on a server
 * without that API (WildFly 39 has none): there the bean {@link MicroProfileMetrics}, whose
 * injection point needs the API, is not discovered, the metrics are off and these calls do nothing.
 */
@ApplicationScoped
public class RelayMetrics {

    private static final Logger LOG = Logger.getLogger(RelayMetrics.class.getName());
    private static final String OTHER = "other";

    /** Where the counts go: a MicroProfile Metrics registry, or nowhere. */
    interface Sink {
        void accepted(String label, Duration sinceArrival);

        void rejected(String label, String reason);

        void dispatched(Duration sinceArrival);

        void committed(int hooks);

        void delivered();

        void failed();

        void dropped();
    }

    private static final Sink OFF = new Sink() {
        @Override
        public void accepted(String label, Duration sinceArrival) {
        }

        @Override
        public void rejected(String label, String reason) {
        }

        @Override
        public void dispatched(Duration sinceArrival) {
        }

        @Override
        public void committed(int hooks) {
        }

        @Override
        public void delivered() {
        }

        @Override
        public void failed() {
        }

        @Override
        public void dropped() {
        }
    };

    @Inject
    Instance<Sink> sinks;

    @Inject
    Channels channels;

    private Sink sink = OFF;

    @PostConstruct
    void register() {
        if (sinks.isResolvable()) {
            sink = sinks.get();
        } else {
            LOG.info("No MicroProfile Metrics on this server: Hookcast's metrics are off");
        }
    }

    public void accepted(String channel, Duration sinceArrival) {
        sink.accepted(label(channel), sinceArrival);
    }

    /**
     * A hook refused at the door; {@code reason} is a short fixed word (too_large, signature, rate_limit, upgrade,
     * busy, content_type).
     */
    public void rejected(String channel, String reason) {
        sink.rejected(label(channel), reason);
    }

    public void dispatched(Duration sinceArrival) {
        sink.dispatched(sinceArrival);
    }

    /** The ingest writer committed a batch of this many hooks in one transaction (group commit). */
    public void committed(int hooks) {
        sink.committed(hooks);
    }

    public void delivered() {
        sink.delivered();
    }

    public void failed() {
        sink.failed();
    }

    public void dropped() {
        sink.dropped();
    }

    private String label(String channel) {
        return channels.settings(channel) != null ? channel : OTHER;
    }
}
