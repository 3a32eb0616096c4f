package dev.hookcast.delivery;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

/**
 * Tyrus's pre-framed writes: a hook's frame is encoded and framed once ({@link Frame#wire}) and
 * the same bytes are written to every subscriber with {@code TyrusWebSocket.sendRawFrame}, the
 * call Tyrus's own {@code Session.broadcast} makes. {@code RemoteEndpoint.Async.sendText}
 * instead encodes the text to UTF-8 for every subscriber and re-arms the session's idle timer on
 * every send (scheduling a task on a managed executor even with no timeout): together most of a
 * delivery's server CPU (BENCHMARKS.md).
 *
 * <p>Tyrus is reached by reflection on the session's own classes, so the WAR neither compiles
 * against nor requires it; where anything is missing, {@link #of} answers null and the subscriber
 * uses the portable API. A frame written this way is exactly what {@code sendText} would write:
 * server frames are unmasked, and a session with an extension (which may transform frames) never
 * gets one. A subscriber that fell behind gets the frames queued meanwhile in one write, back to
 * back, each its own message as {@code sendText} would have written it.
 */
final class TyrusWire implements Wire {

    private static final Logger LOG = Logger.getLogger(TyrusWire.class.getName());
    private static final String ASYNC_REMOTE = "org.glassfish.tyrus.core.TyrusRemoteEndpoint$Async";
    private static final SendResult OK = new SendResult();
    /** Several frames in one write, shared by subscribers whose writes hold the same frames; only ever read. */
    private static final SharedMessage<byte[]> BATCHES = new SharedMessage<>(TyrusWire::batch);
    private static final SharedMessage<byte[]> BACK_TO_BACK = new SharedMessage<>(TyrusWire::backToBack);

    /** How to reach Tyrus, resolved from the first Tyrus session's classes. */
    private static final ContainerAccess<Access> TYRUS = new ContainerAccess<>(LOG, TyrusWire::resolve,
            "WebSocket frames are written pre-framed, encoded once per hook (Tyrus)",
            "Tyrus's raw frame writes are out of reach: subscribers use the portable API");

    private final Object webSocket;
    private final MethodHandle sendRawFrame;
    private final Completion completion;

    private TyrusWire(Object webSocket, MethodHandle sendRawFrame, SendHandler handler) {
        this.webSocket = webSocket;
        this.sendRawFrame = sendRawFrame;
        this.completion = new Completion(handler);
    }

    /** The web socket behind a Tyrus remote endpoint, and its {@code sendRawFrame}, typed {@code (Object[, ByteBuffer])Object}. */
    private record Access(MethodHandle webSocket, MethodHandle sendRawFrame) {
    }

    /** Pre-framed writes for {@code session}, or null where its container is not Tyrus or it negotiated an extension. */
    static Wire of(Session session, SendHandler handler) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        if (!remote.getClass().getName().equals(ASYNC_REMOTE) || !session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        Access tyrus = TYRUS.of(remote.getClass());
        if (tyrus == null) {
            return null;
        }
        try {
            return new TyrusWire((Object) tyrus.webSocket().invokeExact((Object) remote), tyrus.sendRawFrame(), handler);
        } catch (Throwable e) {
            TYRUS.failed(e);
            return null;
        }
    }

    private static Access resolve(Class<?> remoteClass) throws ReflectiveOperationException {
        Class<?> future = Class.forName("org.glassfish.tyrus.core.TyrusFuture", false, remoteClass.getClassLoader());
        if (!CompletableFuture.class.isAssignableFrom(future)) {
            throw new ClassCastException(future + " is not a CompletableFuture: a write's end cannot be awaited");
        }
        Field field = remoteClass.getSuperclass().getDeclaredField("webSocket");
        field.setAccessible(true);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle webSocket = lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
        MethodHandle sendRawFrame = lookup.unreflect(field.getType().getMethod("sendRawFrame", ByteBuffer.class))
                .asType(MethodType.methodType(Object.class, Object.class, ByteBuffer.class));
        return new Access(webSocket, sendRawFrame);
    }

    @Override
    public boolean writesSeveral() {
        return true;
    }

    @Override
    public Object message(List<Frame> frames, boolean batched) {
        return ByteBuffer.wrap(frames.size() == 1 ? frames.get(0).wire() : batched ? BATCHES.of(frames)
                : BACK_TO_BACK.of(frames));
    }

    /** The frames' encodings one after the other: one write, each frame still a message of its own. */
    static byte[] backToBack(List<Frame> frames) {
        int length = 0;
        for (Frame frame : frames) {
            length = Math.addExact(length, frame.wire().length);
        }
        byte[] out = new byte[length];
        int at = 0;
        for (Frame frame : frames) {
            byte[] wire = frame.wire();
            System.arraycopy(wire, 0, out, at, wire.length);
            at += wire.length;
        }
        return out;
    }

    @Override
    public void send(Object message) {
        Object future;
        try {
            future = (Object) sendRawFrame.invokeExact(webSocket, (ByteBuffer) message);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        ((CompletableFuture<?>) future).whenComplete(completion);
    }

    /** One text frame whose payload is the frames' payloads, one per line: their encodings copied, none encoded again. */
    static byte[] batch(List<Frame> frames) {
        long payload = frames.size() - 1;
        for (Frame frame : frames) {
            byte[] wire = frame.wire();
            payload += wire.length - Frame.payloadOffset(wire);
        }
        byte[] out = new byte[Math.toIntExact(Frame.headerLength(payload) + payload)];
        int at = Frame.writeHeader(out, payload);
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                out[at++] = '\n';
            }
            byte[] wire = frames.get(i).wire();
            int offset = Frame.payloadOffset(wire);
            System.arraycopy(wire, offset, out, at, wire.length - offset);
            at += wire.length - offset;
        }
        return out;
    }

    /** Tells the subscriber how its write ended, as the portable API's {@code SendHandler} would be told. */
    private record Completion(SendHandler handler) implements BiConsumer<Object, Throwable> {
        @Override
        public void accept(Object frame, Throwable failure) {
            handler.onResult(failure == null ? OK : new SendResult(failure));
        }
    }
}
