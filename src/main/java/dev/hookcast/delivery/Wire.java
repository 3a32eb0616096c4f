package dev.hookcast.delivery;

import java.util.List;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

/**
 * How a subscriber's messages reach its socket: the one seam between Hookcast and a WebSocket
 * implementation. {@link #of} chooses per session, at run time: pre-framed bytes where the
 * container is Tyrus (Payara, GlassFish) and the session negotiated no extension, the portable
 * {@code jakarta.websocket} API everywhere else.
 */
interface Wire {

    /**
     * Whether several frames can go out in one write, each still a text message of its own, byte
     * for byte as when sent alone: a subscriber that fell behind then costs one write per few
     * frames instead of one per frame.
     */
    boolean writesSeveral();

    /**
     * What carries {@code frames} in one write: one frame; for {@code batched}, one text message
     * with a frame per line; otherwise (only where {@link #writesSeveral}) the frames back to back,
     * each its own message. Built under the subscriber's lock, as {@code frames} is its list of
     * frames in flight.
     */
    Object message(List<Frame> frames, boolean batched);

    /** Sends a message built by {@link #message}; the handler given to {@link #of} learns the outcome. */
    void send(Object message);

    /**
     * The wire for {@code session}, reporting every send's outcome to {@code handler}: Tyrus's
     * pre-framed writes when {@code preframed} allows and the container has them.
     */
    static Wire of(Session session, boolean preframed, SendHandler handler) {
        Wire tyrus = preframed ? TyrusWire.of(session, handler) : null;
        return tyrus != null ? tyrus : new Portable(session.getAsyncRemote(), handler);
    }

    /** {@code RemoteEndpoint.Async.sendText}: the container encodes and frames the text for every subscriber. */
    record Portable(RemoteEndpoint.Async remote, SendHandler handler) implements Wire {

        private static final SharedMessage<String> BATCHES = new SharedMessage<>(Portable::batch);

        @Override
        public boolean writesSeveral() {
            return false;
        }

        @Override
        public Object message(List<Frame> frames, boolean batched) {
            if (frames.size() > 1 && !batched) {
                throw new IllegalArgumentException("sendText writes one message at a time");
            }
            return frames.size() == 1 ? frames.get(0).text() : BATCHES.of(frames);
        }

        @Override
        public void send(Object message) {
            remote.sendText((String) message, handler);
        }

        private static String batch(List<Frame> frames) {
            int length = frames.size() - 1;
            for (Frame frame : frames) {
                length += frame.text().length();
            }
            StringBuilder batch = new StringBuilder(length).append(frames.get(0).text());
            for (int i = 1; i < frames.size(); i++) {
                batch.append('\n').append(frames.get(i).text());
            }
            return batch.toString();
        }
    }
}
