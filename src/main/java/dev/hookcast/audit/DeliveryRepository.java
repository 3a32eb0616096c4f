package dev.hookcast.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.hookcast.platform.AuditDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Delivery records (runs, see {@link Delivery}) in the audit store. */
@ApplicationScoped
@Transactional
public class DeliveryRepository {

    /** A run of deliveries as the broadcast path reports it, before it has an id. */
    public record Outcome(String channel, long firstHook, long lastHook, int hooks, String subscriber, String remote,
            Instant at, Delivery.Status status, String error) {
    }

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    @Inject
    AuditDatabase database;

    /** Stores a batch of outcomes in one transaction (JDBC batch inserts). */
    public void storeAll(List<Outcome> outcomes) {
        long[] ids = database.nextValues(em, "delivery_id_seq", outcomes.size());
        for (int i = 0; i < ids.length; i++) {
            Outcome outcome = outcomes.get(i);
            em.persist(new Delivery(ids[i], outcome.channel(), outcome.firstHook(), outcome.lastHook(),
                    outcome.hooks(), outcome.subscriber(), outcome.remote(), outcome.at().atOffset(ZoneOffset.UTC),
                    outcome.status(), outcome.error()));
        }
    }

    /** The records of every send of this hook of the channel. */
    public List<Delivery> forHook(String channel, long hookId) {
        return em.createNamedQuery(Delivery.FOR_HOOK, Delivery.class)
                .setParameter("channel", channel)
                .setParameter("bucket", Delivery.bucket(hookId))
                .setParameter("hookId", hookId)
                .getResultList();
    }
}
