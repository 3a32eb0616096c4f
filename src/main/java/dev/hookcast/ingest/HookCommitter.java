package dev.hookcast.ingest;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.hookcast.audit.Header;
import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.channel.ChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** One ingest transaction: a batch of hooks committed together (group commit). */
@ApplicationScoped
public class HookCommitter {

    @Inject
    HookRepository hooks;

    @Inject
    ChannelRepository channels;

    @Inject
    Event<HooksAccepted> accepted;

    /**
     * Stores the batch and returns the ids given to its hooks, in batch order. The channels'
     * rows are locked first (in name order, so two instances never deadlock) and only then are
     * ids drawn, so within a channel ids grow in commit order.
     */
    @Transactional
    public long[] commit(List<IncomingHook> batch) {
        TreeSet<String> names = new TreeSet<>();
        for (IncomingHook hook : batch) {
            if (hook.accepted()) {
                names.add(hook.channel());
            }
        }
        names.forEach(channels::lock);
        long[] ids = hooks.nextIds(batch.size());
        List<HookAccepted> events = new ArrayList<>(batch.size());
        for (int i = 0; i < ids.length; i++) {
            IncomingHook hook = batch.get(i);
            hooks.persist(new Hook(ids[i], hook.channel(), hook.receivedAt().atOffset(ZoneOffset.UTC), "POST",
                    hook.contentType(), Header.toJson(hook.headers()), hook.remoteAddress(), hook.body(),
                    hook.size(), hook.accepted() ? Hook.Status.ACCEPTED : Hook.Status.REJECTED, hook.rejection()));
            if (hook.accepted()) {
                events.add(hook.toEvent(ids[i]));
            }
        }
        if (!events.isEmpty()) {
            accepted.fire(new HooksAccepted(events));
        }
        return ids;
    }
}
