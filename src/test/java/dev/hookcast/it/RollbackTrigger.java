package dev.hookcast.it;

import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.ingest.HooksAccepted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Test-only bean added to the deployment by {@link RelayIT}: fails the ingest transaction of a
 * hook that carries {@code X-Test-Rollback}, so the test can prove a rolled-back hook is never
 * broadcast.
 */
@ApplicationScoped
public class RollbackTrigger {

    public static final String HEADER = "X-Test-Rollback";

    void onHooksAccepted(@Observes(during = TransactionPhase.IN_PROGRESS) HooksAccepted hooks) {
        for (HookAccepted hook : hooks.hooks()) {
            if (hook.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase(HEADER))) {
                throw new IllegalStateException("rollback requested by the test");
            }
        }
    }
}
