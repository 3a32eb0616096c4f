package dev.hookcast.audit;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Hooks in the audit store. */
@ApplicationScoped
public class HookRepository {

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    @Inject
    AuditDatabase database;

    public void persist(Hook hook) {
        em.persist(hook);
    }

    /** {@code count} fresh ids from the global sequence, ascending. */
    public long[] nextIds(int count) {
        List<?> values = em.createNativeQuery(database.nextIdsSql()).setParameter(1, count).getResultList();
        long[] ids = new long[values.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ((Number) values.get(i)).longValue();
        }
        Arrays.sort(ids);
        return ids;
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

    public long maxId() {
        Long max = em.createNamedQuery(Hook.MAX_ID, Long.class).getSingleResult();
        return max == null ? 0 : max;
    }
}
