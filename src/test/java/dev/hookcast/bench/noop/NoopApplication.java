package dev.hookcast.bench.noop;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The benchmark's reference for ingest: a JAX-RS application that is not Hookcast and not in its
 * WAR. Packed from the test classes into {@code target/bench-noop.war} (BENCHMARKS.md says how)
 * and deployed next to Hookcast on the same Payara Micro, with the same pre-boot file, so that
 * {@code ingest --base http://127.0.0.1:PORT/bench-noop} measures the container's own request path
 * in the same run as Hookcast's.
 */
@ApplicationPath("hooks")
public class NoopApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(NoopHooks.class);
    }
}
