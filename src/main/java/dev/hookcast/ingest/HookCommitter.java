package dev.hookcast.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.audit.Header;
import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookChain;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.channel.Channel;
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

    @Inject
    @ConfigProperty(name = "hookcast.ingest.dedup-window", defaultValue = "24h")
    Duration dedupWindow;

    /**
     * Stores the batch and returns each hook's outcome, in batch order. The channels' rows are
     * locked first (in name order, so two instances never deadlock) and only then are ids drawn
     * and duplicates looked up, so within a channel ids grow in commit order, each hook links to
     * its predecessor's hash, and two copies of one delivery never both pass as new.
     */
    @Transactional
    public List<Outcome> commit(List<IncomingHook> batch) {
        Map<String, Channel> locked = new TreeMap<>();
        for (IncomingHook hook : batch) {
            if (hook.accepted()) {
                locked.put(hook.channel(), null);
            }
        }
        locked.replaceAll((name, none) -> channels.lock(name));
        long[] ids = hooks.nextIds(batch.size());
        Map<String, Outcome> firstByKey = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<HookAccepted> events = new ArrayList<>(batch.size());
        for (int i = 0; i < ids.length; i++) {
            IncomingHook incoming = batch.get(i);
            Outcome original = incoming.accepted() && incoming.dedupKey() != null
                    ? firstByKey.computeIfAbsent(incoming.channel() + '\n' + incoming.dedupKey(),
                            key -> findDuplicate(incoming))
                    : null;
            Hook.Status status = !incoming.accepted() ? Hook.Status.REJECTED
                    : original != null ? Hook.Status.DUPLICATE : Hook.Status.ACCEPTED;
            String headers = Header.toJson(incoming.headers());
            Hook hook = new Hook(ids[i], incoming.channel(), incoming.receivedAt().atOffset(ZoneOffset.UTC), "POST",
                    incoming.contentType(), headers, incoming.remoteAddress(),
                    status == Hook.Status.DUPLICATE ? null : incoming.body(), incoming.size(), status,
                    status == Hook.Status.DUPLICATE ? "duplicate of " + original.id() : incoming.rejection());
            hook.setDedupKey(incoming.dedupKey());
            hook.setSignature(incoming.signature());
            if (status == Hook.Status.ACCEPTED) {
                Channel channel = locked.get(incoming.channel());
                String prev = channel.getLastHash() == null ? HookChain.GENESIS : channel.getLastHash();
                String hash = HookChain.hash(prev, ids[i], incoming.channel(), incoming.receivedAt(), headers,
                        incoming.body());
                hook.chain(prev, hash);
                events.add(incoming.toEvent(ids[i], channel.getLastId()));
                channel.appended(ids[i], hash);
                Outcome outcome = new Outcome(ids[i], incoming.receivedAt(), false);
                if (incoming.dedupKey() != null) {
                    firstByKey.put(incoming.channel() + '\n' + incoming.dedupKey(), outcome);
                }
                outcomes.add(outcome);
            } else {
                outcomes.add(original != null ? new Outcome(original.id(), original.receivedAt(), true)
                        : new Outcome(ids[i], incoming.receivedAt(), false));
            }
            hooks.persist(hook);
        }
        if (!events.isEmpty()) {
            accepted.fire(new HooksAccepted(events));
        }
        return outcomes;
    }

    private Outcome findDuplicate(IncomingHook hook) {
        Instant since = hook.receivedAt().minus(dedupWindow);
        return hooks.findByDedupKey(hook.channel(), hook.dedupKey(), since)
                .map(first -> new Outcome(first.id(), first.receivedAt(), true))
                .orElse(null);
    }
}
