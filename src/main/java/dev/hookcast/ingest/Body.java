package dev.hookcast.ingest;

import java.util.Objects;

import dev.hookcast.channel.ChannelSettings;
import jakarta.servlet.ServletRequest;

/**
 * What {@link BodyReadFilter} made of a hook's body before {@link IngestResource} takes the hook:
 * the bytes, read whole against {@code limit}, or why there are none ({@code retryAfter}: the
 * seconds a rate-limited sender must wait); with the channel's settings as the filter read them
 * (null: none, the defaults apply).
 */
record Body(State state, byte[] bytes, long limit, long retryAfter, ChannelSettings settings) {

    static final String ATTRIBUTE = Body.class.getName();

    enum State {
        /** Read whole: {@code bytes}. */
        READ,
        /** Not read, because the headers settle the answer (a bad channel name, a declared size over the limit...). */
        UNREAD,
        /** Not read: over the channel's rate limit. */
        RATE_LIMITED,
        /** Not read: a Content-Type that is not a media type. */
        BAD_TYPE,
        /** Not read: too many bodies from the same address are being read already. */
        BUSY,
        /** Longer than {@code limit}: reading stopped there. */
        TOO_LARGE,
        /** Not complete within the read timeout. */
        LATE,
        /** The connection failed while the body was read. */
        BROKEN
    }

    static Body of(State state, long limit, ChannelSettings settings) {
        return new Body(state, null, limit, 0, settings);
    }

    static Body read(byte[] bytes, long limit, ChannelSettings settings) {
        return new Body(State.READ, bytes, limit, 0, settings);
    }

    /** The body {@link BodyReadFilter} put on this request. */
    static Body of(ServletRequest request) {
        return Objects.requireNonNull((Body) request.getAttribute(ATTRIBUTE),
                "BodyReadFilter is not mapped to this request");
    }

    /** The bytes of a body read whole. */
    byte[] read() {
        if (state != State.READ) {
            throw new IllegalStateException("The body was not read: " + state);
        }
        return bytes;
    }
}
