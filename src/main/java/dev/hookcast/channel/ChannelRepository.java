package dev.hookcast.channel;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Channels in the audit store. */
@ApplicationScoped
@Transactional
public class ChannelRepository {

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    /**
     * Locks the channel's row until the transaction ends, creating it on first use. Hooks of
     * one channel are therefore committed one transaction at a time, whichever instance takes
     * them, and ids drawn after this call grow in commit order.
     */
    public Channel lock(String name) {
        Channel channel = em.find(Channel.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (channel == null) {
            channel = new Channel(name, OffsetDateTime.now(ZoneOffset.UTC));
            em.persist(channel);
            em.flush();
        }
        return channel;
    }

    /** The channel's row as stored now, or null if no hook ever reached it. */
    public Channel find(String name) {
        return em.find(Channel.class, name);
    }
}
