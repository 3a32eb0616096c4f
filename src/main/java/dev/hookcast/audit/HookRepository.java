package dev.hookcast.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.hookcast.platform.AuditDatabase;
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

    /**
     * The body sizes of the accepted hooks of {@code channel} above {@code afterId}, oldest first:
     * what {@link #findAcceptedSince} would load, learnt without loading a body.
     */
    public List<Long> findAcceptedSizesSince(String channel, long afterId, int limit) {
        return em.createNamedQuery(Hook.FIND_ACCEPTED_SIZES_SINCE, Long.class)
                .setParameter("channel", channel)
                .setParameter("afterId", afterId)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Like {@link #findAcceptedSince}, but no more hooks than fit in {@code maxBytes} of bodies
     * (at least one): a page of large bodies is not loaded whole.
     */
    public List<Hook> findAcceptedSince(String channel, long afterId, int limit, long maxBytes) {
        int count = countWithin(findAcceptedSizesSince(channel, afterId, limit), maxBytes);
        return count == 0 ? List.of() : findAcceptedSince(channel, afterId, count);
    }

    /** How many of {@code sizes}, from the first, add up to at most {@code maxBytes}; at least one if any. */
    public static int countWithin(List<Long> sizes, long maxBytes) {
        long total = 0;
        int count = 0;
        for (long size : sizes) {
            total += size;
            if (count > 0 && total > maxBytes) {
                break;
            }
            count++;
        }
        return count;
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
}
