package dev.hookcast.delivery;

import dev.hookcast.ingest.HookAccepted;

/**
 * An admin replays an accepted hook: the one event a replay is. Fired synchronously on the
 * admin's request thread; the {@link Broadcaster} queues the hook's frame on this instance's
 * subscribers and says for how many ({@link #subscribers}), and the fan-out tells the other
 * instances, which replay it to theirs.
 */
public final class HookReplayed {

    private final HookAccepted hook;
    private int subscribers;

    public HookReplayed(HookAccepted hook) {
        this.hook = hook;
    }

    public HookAccepted hook() {
        return hook;
    }

    public long id() {
        return hook.id();
    }

    /** How many subscribers of this instance the replay was queued for, once the event has been fired. */
    public int subscribers() {
        return subscribers;
    }

    /** The observer that queued the replay says for how many subscribers (on the firing thread). */
    void queuedFor(int count) {
        subscribers = count;
    }
}
