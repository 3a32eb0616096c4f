package dev.hookcast.delivery;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.audit.Header;
import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * Brings a new subscriber from its starting point to the live stream: the channel's hooks above
 * {@link Subscriber#since} are read from the audit store in pages and queued (waiting for the
 * queue to drain, so a backlog is streamed), then the live frames held meanwhile are released.
 * The subscriber was registered before the first read, so no hook falls between the two.
 */
@ApplicationScoped
public class CatchUp {

    static final int PAGE = 256;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Logger LOG = Logger.getLogger(CatchUp.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    HookRepository hooks;

    void start(Subscriber subscriber) {
        if (subscriber.since == Long.MAX_VALUE) {
            subscriber.goLive(Long.MAX_VALUE);
            return;
        }
        executor.execute(() -> run(subscriber));
    }

    private void run(Subscriber subscriber) {
        long last = subscriber.since;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        try {
            while (true) {
                List<Hook> page = hooks.findAcceptedSince(subscriber.channel, last, PAGE);
                for (Hook hook : page) {
                    Frame frame = HookFrame.encode(hook.getId(), hook.getChannel(), hook.getReceivedAt().toInstant(),
                            hook.getContentType(), Header.fromJson(hook.getHeaders()), hook.getBody(), false);
                    if (!subscriber.offerCatchUp(frame, deadline)) {
                        return;
                    }
                    last = hook.getId();
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            subscriber.goLive(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Catch-up of subscriber " + subscriber.id + " failed; it is closed");
            subscriber.requestClose(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "catch-up failed"));
        }
    }
}
