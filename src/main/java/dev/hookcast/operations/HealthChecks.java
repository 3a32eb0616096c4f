package dev.hookcast.operations;

import java.time.Duration;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.hookcast.delivery.Broadcaster;
import dev.hookcast.delivery.SubscriberRegistry;
import dev.hookcast.fanout.RabbitFanout;
import dev.hookcast.ingest.IngestWriter;
import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.StartGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * MicroProfile Health at {@code /health}: ready when the audit store answers, with fan-out over
 * RabbitMQ while the broker is connected, and while delivery keeps up (no hook waits longer than
 * {@code hookcast.health.max-lag} for a subscriber); live while the relay's threads run.
 *
 * <p>The server runs these checks on its own threads as soon as the WAR's beans are known, while
 * the WAR is still deploying. Until the application has started ({@link StartGate}) each check
 * answers without touching a bean (an EJB singleton first called from such a thread fails its
 * initialization for good): every readiness check is DOWN, the liveness check UP, each with
 * {@code "started": false}.
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    AuditDatabase database;

    @Inject
    IngestWriter writer;

    @Inject
    Broadcaster broadcaster;

    @Inject
    RabbitFanout fanout;

    @Inject
    SubscriberRegistry registry;

    @Inject
    @ConfigProperty(name = "hookcast.health.max-lag", defaultValue = "30s")
    Duration maxLag;

    @Produces
    @Readiness
    HealthCheck auditStore() {
        return whenStarted("audit-store", false,
                () -> HealthCheckResponse.named("audit-store").status(database.isAvailable(2)).build());
    }

    @Produces
    @Readiness
    HealthCheck fanout() {
        return whenStarted("fanout", false, () -> HealthCheckResponse.named("fanout")
                .status(fanout.isConnected())
                .withData("mode", fanout.mode())
                .withData("unpublishedHooks", fanout.unpublishedHooks())
                .withData("discardedMessages", fanout.discardedMessages())
                .build());
    }

    /** Ready while delivery keeps up: DOWN (degraded) while a hook waits longer than {@code hookcast.health.max-lag}. */
    @Produces
    @Readiness
    HealthCheck deliveryLag() {
        return whenStarted("delivery-lag", false, () -> {
            Duration lag = registry.lag();
            return HealthCheckResponse.named("delivery-lag")
                    .status(lag.compareTo(maxLag) <= 0)
                    .withData("lagMillis", lag.toMillis())
                    .withData("maxLagMillis", maxLag.toMillis())
                    .build();
        });
    }

    @Produces
    @Liveness
    HealthCheck relay() {
        return whenStarted("relay", true, () -> HealthCheckResponse.named("relay")
                .status(writer.isWriting() && broadcaster.isDispatching())
                .withData("ingestWriter", writer.isWriting())
                .withData("dispatcher", broadcaster.isDispatching())
                .build());
    }

    /** The check, once the application has started; before (and while it stops), {@code meanwhile} without a bean touched. */
    private static HealthCheck whenStarted(String name, boolean meanwhile, Supplier<HealthCheckResponse> check) {
        return () -> StartGate.isOpen() ? check.get()
                : HealthCheckResponse.named(name).status(meanwhile).withData("started", false).build();
    }
}
