package dev.hookcast.delivery;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.channel.Channel;
import dev.hookcast.channel.ChannelRepository;
import dev.hookcast.platform.NoServiceFiles;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * Brings a new subscriber from its starting point to the live stream: the channel's hooks above
 * {@link Subscriber#since} are read from the audit store in pages and queued (waiting while the
 * queue drains, so a backlog of any length is streamed, never loaded), then the live frames held
 * meanwhile are released, those the catch-up already sent left out. The subscriber registered
 * before the first read, so no hook falls between the two; if so many live frames arrive during
 * a long catch-up that they had to be dropped, it simply reads on from the store.
 */
@ApplicationScoped
public class CatchUp {

    static final int PAGE = 256;
    private static final Logger LOG = Logger.getLogger(CatchUp.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    HookRepository hooks;

    @Inject
    ChannelRepository channels;

    void start(Subscriber subscriber) {
        if (subscriber.since == Long.MAX_VALUE) {
            subscriber.goLive(0, null);
            return;
        }
        NoServiceFiles.execute(executor, () -> run(subscriber));
    }

    private void run(Subscriber subscriber) {
        long last = subscriber.since;
        long count = 0;
        try {
            while (true) {
                List<Hook> page = hooks.findAcceptedSince(subscriber.channel, last, PAGE);
                for (Hook hook : page) {
                    Frame frame = HookFrame.encode(HookAccepted.stored(hook, last), false);
                    if (!subscriber.offerCatchUp(frame)) {
                        return;
                    }
                    last = hook.getId();
                    count++;
                }
                if (page.size() == PAGE) {
                    continue;
                }
                Frame control = subscriber.replayRequested ? replayed(subscriber, count) : null;
                if (subscriber.goLive(last, control)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Catch-up of subscriber " + subscriber.id + " failed; it is closed");
            subscriber.requestClose(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "catch-up failed"));
        }
    }

    /** {@code {"type":"replayed","since":"<id>","count":n,"complete":bool}}: incomplete if retention purged hooks after since. */
    private Frame replayed(Subscriber subscriber, long count) {
        Channel channel = channels.find(subscriber.channel);
        boolean complete = channel == null || subscriber.since >= channel.getPurgedThrough();
        String text = "{\"type\":\"replayed\",\"since\":\"" + subscriber.since + "\",\"count\":" + count
                + ",\"complete\":" + complete + "}";
        return new Frame(0, text, text.length());
    }
}
