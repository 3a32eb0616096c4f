package dev.hookcast.operations;

import java.time.Duration;

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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * MicroProfile Health at {@code /health}: ready when the audit store answers, with fan-out over
 * RabbitMQ while the broker is connected, and while delivery keeps up (no hook waits longer than
 * {@code hookcast.health.max-lag} for a subscriber); live while the relay's threads run.
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
        return () -> HealthCheckResponse.named("audit-store").status(database.isAvailable(2)).build();
    }

    @Produces
    @Readiness
    HealthCheck fanout() {
        return () -> HealthCheckResponse.named("fanout")
                .status(fanout.isConnected())
                .withData("mode", fanout.mode())
                .withData("unpublishedHooks", fanout.unpublishedHooks())
                .withData("discardedMessages", fanout.discardedMessages())
                .build();
    }

    /** Ready while delivery keeps up: DOWN (degraded) while a hook waits longer than {@code hookcast.health.max-lag}. */
    @Produces
    @Readiness
    HealthCheck deliveryLag() {
        return () -> {
            Duration lag = registry.lag();
            return HealthCheckResponse.named("delivery-lag")
                    .status(lag.compareTo(maxLag) <= 0)
                    .withData("lagMillis", lag.toMillis())
                    .withData("maxLagMillis", maxLag.toMillis())
                    .build();
        };
    }

    @Produces
    @Liveness
    HealthCheck relay() {
        return () -> HealthCheckResponse.named("relay")
                .status(writer.isWriting() && broadcaster.isDispatching())
                .withData("ingestWriter", writer.isWriting())
                .withData("dispatcher", broadcaster.isDispatching())
                .build();
    }
}
