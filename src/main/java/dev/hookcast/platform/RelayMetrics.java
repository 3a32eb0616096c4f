package dev.hookcast.platform;

import java.time.Duration;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Hookcast's metrics, at {@code /metrics} where the server has MicroProfile Metrics (Payara): hooks
 * accepted and rejected per channel, deliveries by outcome, subscribers and their queues, ingest and
 * dispatch latency. The features count here; the {@link Sink} that turns counts into series (the
 * operations package's {@code MicroProfileMetrics}) sits on top and knows the features.
 *
 * <p>This class names no MicroProfile Metrics type, so that Hookcast also deploys on a server
 * without that API (WildFly 39 has none): there the sink, whose injection point needs the API, is
 * not discovered as a bean, the metrics are off and these calls do nothing.
 */
@ApplicationScoped
public class RelayMetrics {

    private static final Logger LOG = Logger.getLogger(RelayMetrics.class.getName());

    /** Where the counts go: a MicroProfile Metrics registry, or nowhere. */
    public interface Sink {
        void accepted(String channel, Duration sinceArrival);

        void rejected(String channel, String reason);

        void dispatched(Duration sinceArrival);

        void committed(int hooks);

        void delivered(int frames);

        void failed();

        void dropped();

        void fanoutUnpublished(int hooks);

        void fanoutDiscarded(String reason);
    }

    private static final Sink OFF = new Sink() {
        @Override
        public void accepted(String channel, Duration sinceArrival) {
        }

        @Override
        public void rejected(String channel, String reason) {
        }

        @Override
        public void dispatched(Duration sinceArrival) {
        }

        @Override
        public void committed(int hooks) {
        }

        @Override
        public void delivered(int frames) {
        }

        @Override
        public void failed() {
        }

        @Override
        public void dropped() {
        }

        @Override
        public void fanoutUnpublished(int hooks) {
        }

        @Override
        public void fanoutDiscarded(String reason) {
        }
    };

    @Inject
    Instance<Sink> sinks;

    private Sink sink = OFF;

    /**
     * Created with the application, on a thread of its deployment: the metrics (gauges included)
     * exist before the first hook, and are registered in the application's registry, not from
     * whichever container thread happens to count something first.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing is enough: the container creates the bean to deliver the event
    }

    @PostConstruct
    void register() {
        if (sinks.isResolvable()) {
            sink = sinks.get();
        } else {
            LOG.info("No MicroProfile Metrics on this server: Hookcast's metrics are off");
        }
    }

    public void accepted(String channel, Duration sinceArrival) {
        sink.accepted(channel, sinceArrival);
    }

    /**
     * A hook refused at the door; {@code reason} is a short fixed word (too_large, signature, rate_limit, upgrade,
     * busy, content_type).
     */
    public void rejected(String channel, String reason) {
        sink.rejected(channel, reason);
    }

    public void dispatched(Duration sinceArrival) {
        sink.dispatched(sinceArrival);
    }

    /** The ingest writer committed a batch of this many hooks in one transaction (group commit). */
    public void committed(int hooks) {
        sink.committed(hooks);
    }

    /** A write of this many frames to a subscriber succeeded. */
    public void delivered(int frames) {
        sink.delivered(frames);
    }

    public void failed() {
        sink.failed();
    }

    public void dropped() {
        sink.dropped();
    }

    /** Committed hooks the fan-out did not publish to the broker (the other instances' sweep reads them). */
    public void fanoutUnpublished(int hooks) {
        sink.fanoutUnpublished(hooks);
    }

    /** A message from another instance rejected without being handled; {@code reason}: poison or failed. */
    public void fanoutDiscarded(String reason) {
        sink.fanoutDiscarded(reason);
    }
}
