package dev.hookcast.platform;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.hookcast.audit.AuditDatabase;
import dev.hookcast.delivery.Broadcaster;
import dev.hookcast.delivery.RabbitFanout;
import dev.hookcast.ingest.IngestWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * MicroProfile Health at {@code /health}: ready when the audit store answers and, with fan-out
 * over RabbitMQ, while the broker is connected; live while the relay's threads run.
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
                .build();
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
