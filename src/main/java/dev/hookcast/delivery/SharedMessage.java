package dev.hookcast.delivery;

import java.util.List;
import java.util.function.Function;

/**
 * The last batched message built, kept for the next subscriber whose write holds the very same
 * frames: a hook's frames are shared by every subscriber of its channel, and subscribers served
 * together usually have the same frames queued, so one message serves them all instead of one
 * copy of up to {@code hookcast.ws.max-batch-bytes} per subscriber. Holds one message at a time,
 * and the frames it was built from (within a few times the batch bound); a write with other
 * frames builds its own and takes the slot. Safe from any thread: a race only builds a message twice.
 */
final class SharedMessage<T> {

    private final Function<List<Frame>, T> build;
    private volatile Built<T> last;

    SharedMessage(Function<List<Frame>, T> build) {
        this.build = build;
    }

    private record Built<T>(Frame[] frames, T message) {
        boolean carries(List<Frame> others) {
            if (others.size() != frames.length) {
                return false;
            }
            for (int i = 0; i < frames.length; i++) {
                if (others.get(i) != frames[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The message for {@code frames}: the last one built if it carries the same frame objects in the same order. */
    T of(List<Frame> frames) {
        Built<T> built = last;
        if (built != null && built.carries(frames)) {
            return built.message();
        }
        T message = build.apply(frames);
        last = new Built<>(frames.toArray(new Frame[0]), message);
        return message;
    }
}
