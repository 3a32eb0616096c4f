package dev.hookcast.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Admin users in the audit store. */
@ApplicationScoped
@Transactional
public class AdminUserRepository {

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    /** The stored row, or null. */
    public AdminUser find(String name) {
        return em.find(AdminUser.class, name);
    }

    /** Inserts the row; fails (rolling back) if another instance stored one first. */
    public void create(String name, String passwordHash) {
        em.persist(new AdminUser(name, passwordHash, OffsetDateTime.now(ZoneOffset.UTC)));
        em.flush();
    }
}
