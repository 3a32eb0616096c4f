package dev.hookcast.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.StartGate;

/**
 * The health checks run on the server's threads while the WAR deploys. A check that called into an
 * EJB singleton the container had not created yet made Payara create it on the probe's thread,
 * where the creation fails for good ("must be declared static"): once in several starts the
 * instance never became ready. Before the start is done the checks must touch no bean; here every
 * bean is missing, so touching one fails the test.
 */
class HealthChecksTest {

    /** The server's MicroProfile Health implementation is not here: a plain builder takes its place. */
    @BeforeAll
    static void responses() {
        HealthCheckResponse.setResponseProvider(Builder::new);
    }

    private static final class Builder extends HealthCheckResponseBuilder {

        private final Map<String, Object> data = new HashMap<>();
        private String name;
        private HealthCheckResponse.Status status = HealthCheckResponse.Status.DOWN;

        @Override
        public HealthCheckResponseBuilder name(String value) {
            name = value;
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, String value) {
            return put(key, value);
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, long value) {
            return put(key, value);
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, boolean value) {
            return put(key, value);
        }

        private HealthCheckResponseBuilder put(String key, Object value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder up() {
            return status(true);
        }

        @Override
        public HealthCheckResponseBuilder down() {
            return status(false);
        }

        @Override
        public HealthCheckResponseBuilder status(boolean up) {
            status = up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
            return this;
        }

        @Override
        public HealthCheckResponse build() {
            return new HealthCheckResponse(name, status, data.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(data)));
        }
    }

    @Test
    void beforeTheStartNoCheckTouchesABean() {
        StartGate.close();
        HealthChecks checks = new HealthChecks();
        checks.maxLag = Duration.ofSeconds(30);
        for (HealthCheck readiness : List.of(checks.auditStore(), checks.fanout(), checks.deliveryLag())) {
            HealthCheckResponse response = readiness.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus(), response.getName() + " is not ready yet");
            assertEquals(Optional.of(Map.of("started", false)), response.getData(), response.getName());
        }
        HealthCheckResponse live = checks.relay().call();
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus(), "a starting instance is alive");
        assertEquals(Optional.of(Map.of("started", false)), live.getData());
    }

    @Test
    void onceStartedTheChecksAskTheBeans() {
        HealthChecks checks = new HealthChecks();
        checks.database = new AuditDatabase() {
            @Override
            public boolean isAvailable(int timeoutSeconds) {
                return true;
            }
        };
        StartGate.open();
        try {
            HealthCheckResponse store = checks.auditStore().call();
            assertEquals(HealthCheckResponse.Status.UP, store.getStatus());
            assertEquals(Optional.empty(), store.getData());
        } finally {
            StartGate.close();
        }
    }
}
