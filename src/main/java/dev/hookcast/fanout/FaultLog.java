package dev.hookcast.fanout;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One kind of fault, logged once: a WARNING (with its cause) when it starts, FINE while it lasts,
 * and an INFO with how many items it cost when it is over, so a broker outage or a stream of bad
 * messages is two lines, not one a message.
 */
final class FaultLog {

    private final Logger log;
    private final String activity;
    private final String items;
    private boolean ongoing;
    private long lost;

    /** {@code activity}: what failed ("publishing to RabbitMQ"); {@code items}: what the count at the end counts. */
    FaultLog(Logger log, String activity, String items) {
        this.log = log;
        this.activity = activity;
        this.items = items;
    }

    /** A fault that cost {@code count} items (0: none yet, e.g. a retry follows). */
    synchronized void fault(Throwable cause, Supplier<String> message, long count) {
        lost += count;
        log.log(ongoing ? Level.FINE : Level.WARNING, cause, message);
        ongoing = true;
    }

    /** The activity succeeded: a fault in progress is over. */
    synchronized void over() {
        if (!ongoing) {
            return;
        }
        ongoing = false;
        long count = lost;
        lost = 0;
        log.info(() -> activity + " works again" + (count > 0 ? "; meanwhile " + count + " " + items : ""));
    }
}
