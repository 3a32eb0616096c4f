package dev.hookcast.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Hooks in the audit store. Reads outside a transaction get one of their own (a JTA persistence context needs one). */
@ApplicationScoped
@Transactional
public class HookRepository {

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    @Inject
    AuditDatabase database;

    public void persist(Hook hook) {
        em.persist(hook);
    }

    /** {@code count} fresh hook ids from the global sequence, ascending. */
    public long[] nextIds(int count) {
        return database.nextValues(em, "hook_id_seq", count);
    }

    public Hook find(long id) {
        return em.find(Hook.class, id);
    }

    /** Accepted hooks of {@code channel} with an id above {@code afterId}, oldest first. */
    public List<Hook> findAcceptedSince(String channel, long afterId, int limit) {
        return em.createNamedQuery(Hook.FIND_ACCEPTED_SINCE, Hook.class)
                .setParameter("channel", channel)
                .setParameter("afterId", afterId)
                .setMaxResults(limit)
                .getResultList();
    }

    /** The first accepted hook of the channel with this idempotency key received since {@code since}. */
    public Optional<StoredHook> findByDedupKey(String channel, String key, Instant since) {
        List<Object[]> rows = em.createNamedQuery(Hook.FIND_BY_DEDUP_KEY, Object[].class)
                .setParameter("channel", channel)
                .setParameter("key", key)
                .setParameter("since", since.atOffset(ZoneOffset.UTC))
                .setMaxResults(1)
                .getResultList();
        return rows.stream().findFirst()
                .map(row -> new StoredHook((Long) row[0], ((OffsetDateTime) row[1]).toInstant()));
    }

    /** A stored hook's id and arrival time. */
    public record StoredHook(long id, Instant receivedAt) {
    }

    public long maxId() {
        Long max = em.createNamedQuery(Hook.MAX_ID, Long.class).getSingleResult();
        return max == null ? 0 : max;
    }
}
