package dev.hookcast.admin;

import java.time.OffsetDateTime;
import java.util.List;

import dev.hookcast.platform.AuditDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** The admin action log in the audit store. */
@ApplicationScoped
@Transactional
public class AdminActionRepository {

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    @Inject
    AuditDatabase database;

    public void store(OffsetDateTime at, String actor, String action, String target, String detail) {
        long id = database.nextValues(em, "admin_action_id_seq", 1)[0];
        em.persist(new AdminAction(id, at, actor, action, target, detail));
    }

    /** Up to {@code limit} actions, newest first. */
    public List<AdminAction> newest(int limit) {
        return em.createNamedQuery(AdminAction.NEWEST, AdminAction.class).setMaxResults(limit).getResultList();
    }
}
