package dev.hookcast.channel;

import java.util.HashMap;
import java.util.Map;

import dev.hookcast.platform.AuditDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    @Inject
    AuditDatabase database;

    /**
     * Locks the channel's row until the transaction ends, creating it on first use. Hooks of
     * one channel are therefore committed one transaction at a time, whichever instance takes
     * them, and ids drawn after this call grow in commit order. Two instances creating the row
     * at once both go on: the second waits for the first and then locks its row.
     */
    public Channel lock(String name) {
        Channel channel = em.find(Channel.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (channel == null) {
            em.createNativeQuery(database.insertChannelSql()).setParameter(1, name).executeUpdate();
            channel = em.find(Channel.class, name, LockModeType.PESSIMISTIC_WRITE);
        }
        return channel;
    }

    /** Stores the channel's settings ({@code null}: back to the defaults), creating its row if needed. */
    public void configure(String name, ChannelSettings settings) {
        lock(name).configure(settings);
    }

    /** Every configured channel's settings, by name. */
    public Map<String, ChannelSettings> configuredSettings() {
        Map<String, ChannelSettings> settings = new HashMap<>();
        for (Channel channel : em.createNamedQuery(Channel.CONFIGURED, Channel.class).getResultList()) {
            settings.put(channel.getName(), channel.settings());
        }
        return Map.copyOf(settings);
    }

    /** The channel's row as stored now, or null if no hook ever reached it. */
    public Channel find(String name) {
        return em.find(Channel.class, name);
    }
}
