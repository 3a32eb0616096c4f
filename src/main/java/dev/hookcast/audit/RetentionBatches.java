package dev.hookcast.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.hookcast.channel.Channel;
import dev.hookcast.channel.ChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** The transactions retention runs: one per batch. */
@ApplicationScoped
@Transactional
public class RetentionBatches {

    static final int BATCH = 500;

    @PersistenceContext(unitName = "hookcast")
    EntityManager em;

    @Inject
    ChannelRepository channels;

    public List<String> channelsBefore(OffsetDateTime before) {
        return em.createNamedQuery(Hook.CHANNELS_BEFORE, String.class).setParameter("before", before)
                .getResultList();
    }

    /** Purges up to {@link #BATCH} of the channel's oldest hooks received before {@code before}. */
    public int purgeBatch(String name, OffsetDateTime before) {
        Channel channel = channels.lock(name);
        List<Object[]> rows = em.createNamedQuery(Hook.FIND_PURGEABLE, Object[].class)
                .setParameter("channel", name)
                .setParameter("afterId", channel.getPurgedThrough())
                .setMaxResults(BATCH)
                .getResultList();
        List<Long> ids = new ArrayList<>(rows.size());
        String anchor = null;
        for (Object[] row : rows) {
            if (!((OffsetDateTime) row[1]).isBefore(before)) {
                break; // purge a prefix in id order only, so the chain keeps one anchor
            }
            ids.add((Long) row[0]);
            if (Hook.Status.ACCEPTED.name().equals(row[2])) {
                anchor = (String) row[3];
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        long through = ids.get(ids.size() - 1);
        // the runs of deliveries that ended by the last purged hook (a run reaching past it stays)
        em.createNamedQuery(Delivery.DELETE_THROUGH).setParameter("channel", name)
                .setParameter("bucket", Delivery.bucket(through)).setParameter("hookId", through).executeUpdate();
        em.createNamedQuery(Hook.DELETE_IDS).setParameter("ids", ids).executeUpdate();
        channel.purged(through, anchor);
        return ids.size();
    }
}
