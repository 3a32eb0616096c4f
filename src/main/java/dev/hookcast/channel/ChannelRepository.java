package dev.hookcast.channel;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** Channels in the audit store. */
@ApplicationScoped
public class ChannelRepository {

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    /**
     * Locks the channel's row until the transaction ends, creating it on first use. Hooks of
     * one channel are therefore committed one transaction at a time, whichever instance takes
     * them, and ids drawn after this call grow in commit order.
     */
    public void lock(String name) {
        if (em.find(Channel.class, name, LockModeType.PESSIMISTIC_WRITE) == null) {
            em.persist(new Channel(name, OffsetDateTime.now(ZoneOffset.UTC)));
            em.flush();
        }
    }
}
