package dev.hookcast.delivery;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hookcast.platform.NoServiceFiles;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * A Server-Sent Events stream seen as the WebSocket session a {@link Subscriber} sends to, so that
 * an SSE subscriber is registered, caught up, bounded, pinged and closed by exactly the code that
 * does it for WebSocket subscribers ({@link ChannelEndpoint}, {@link Subscriber}, {@link CatchUp}).
 *
 * <p>Only what those use is implemented: {@code getUserProperties}, {@code addMessageHandler} for
 * pongs, {@code getAsyncRemote().sendText/sendPing}, {@code close}, {@code isOpen}, {@code getId};
 * anything else throws. A text frame becomes an event whose {@code id} is the hook's id (control
 * frames carry none); a ping becomes a comment, and its write completing counts as the pong. Every
 * write runs on the executor, one at a time in order, so a stalled client never blocks the caller
 * (the broadcaster, the ping timer): its subscriber queue fills and it is closed as a slow
 * consumer, as a WebSocket subscriber is. The session leaves the registry when it is closed or a
 * write fails (the client went away).
 */
final class SseSession implements InvocationHandler {

    private static final Logger LOG = Logger.getLogger(SseSession.class.getName());
    /** How every hook frame begins, before its id (see {@link HookFrame}). */
    private static final String HOOK_PREFIX = "{\"type\":\"hook\",\"id\":\"";
    /** An EventSource reconnects this long after its stream ended (its default is about 3 s). */
    private static final long RECONNECT_MS = 1000;

    private final SseEventSink sink;
    private final Sse sse;
    private final Executor executor;
    private final ChannelEndpoint endpoint;
    private final String id;
    private final Map<String, Object> properties = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> writes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean gone = new AtomicBoolean();
    private volatile MessageHandler.Whole<PongMessage> pongs;
    final Session session;
    private final RemoteEndpoint.Async remote;

    SseSession(SseEventSink sink, Sse sse, Executor executor, ChannelEndpoint endpoint, String id) {
        this.sink = sink;
        this.sse = sse;
        this.executor = executor;
        this.endpoint = endpoint;
        this.id = id;
        ClassLoader loader = SseSession.class.getClassLoader();
        this.session = (Session) Proxy.newProxyInstance(loader, new Class<?>[] {Session.class}, this);
        this.remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(loader, new Class<?>[] {RemoteEndpoint.Async.class},
                this::remote);
    }

    Map<String, Object> properties() {
        return properties;
    }

    /**
     * The first bytes of the stream, so that the client sees it open before the first hook, and
     * how soon it should reconnect after the stream ends.
     */
    void opened() {
        write(sse.newEventBuilder().comment("hookcast").reconnectDelay(RECONNECT_MS).build(), failure -> {
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "getUserProperties":
                return properties;
            case "getAsyncRemote":
                return remote;
            case "getId":
                return id;
            case "isOpen":
                return !gone.get() && !sink.isClosed();
            case "setMaxIdleTimeout":
                return null;
            case "getNegotiatedSubprotocol":
                return ""; // no hookcast.batch: one frame an event
            case "addMessageHandler":
                if (args.length == 2 && args[0] == PongMessage.class) {
                    pongs = (MessageHandler.Whole<PongMessage>) args[1];
                    return null;
                }
                break;
            case "close":
                close();
                return null;
            default:
                break;
        }
        return identity(proxy, method, args, "SSE session " + id);
    }

    /** What every object answers; anything else an SSE session does not do. */
    private static Object identity(Object proxy, Method method, Object[] args, String name) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> name;
            default -> throw new UnsupportedOperationException("An SSE session does not " + method.getName());
        };
    }

    private Object remote(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "sendText":
                if (args.length == 2) {
                    sendText((String) args[0], (SendHandler) args[1]);
                    return null;
                }
                break;
            case "sendPing":
                write(sse.newEventBuilder().comment("ping").build(), failure -> {
                    MessageHandler.Whole<PongMessage> handler = pongs;
                    if (failure == null && handler != null) {
                        handler.onMessage(() -> ByteBuffer.allocate(0));
                    }
                });
                return null;
            default:
                break;
        }
        return identity(proxy, method, args, "SSE remote " + id);
    }

    private void sendText(String text, SendHandler handler) {
        OutboundSseEvent.Builder event = sse.newEventBuilder();
        if (text.startsWith(HOOK_PREFIX)) {
            event.id(text.substring(HOOK_PREFIX.length(), text.indexOf('"', HOOK_PREFIX.length())));
        }
        // CR and LF occur in a frame only as JSON white space (in a json payload as the sender wrote
        // it): as spaces, the frame is one data line and means the same
        event.data(String.class, text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text
                : text.replace('\n', ' ').replace('\r', ' '));
        write(event.build(), failure -> handler.onResult(failure == null ? new SendResult() : new SendResult(failure)));
    }

    /**
     * Queues a write; {@code done} learns once it is written (null) or failed (why). A failed write
     * ends the session: it leaves the registry, as the container does for a WebSocket.
     */
    private void write(OutboundSseEvent event, Consumer<Throwable> done) {
        if (gone.get()) {
            done.accept(new IllegalStateException("the SSE stream is closed"));
            return;
        }
        writes.add(() -> {
            Throwable failure = null;
            if (gone.get() || sink.isClosed()) {
                failure = new IllegalStateException("the SSE stream is closed");
            } else {
                try {
                    sink.send(event).toCompletableFuture().join();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, e, () -> "SSE session " + id + ": the client went away");
                    failure = e;
                }
            }
            done.accept(failure);
            if (failure != null) {
                left();
            }
        });
        drain();
    }

    /** Runs the queued writes on the executor, one at a time. */
    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        NoServiceFiles.execute(executor, () -> {
            try {
                for (Runnable write; (write = writes.poll()) != null; ) {
                    write.run();
                }
            } finally {
                writing.set(false);
            }
            if (!writes.isEmpty()) {
                drain();
            }
        });
    }

    private void close() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "Closing SSE session " + id + " failed");
        }
        left();
    }

    /** Once: the session leaves the registry, as the container's {@code @OnClose} does for a WebSocket. */
    private void left() {
        if (gone.compareAndSet(false, true)) {
            try {
                endpoint.onClose(session);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, e, () -> "SSE session " + id + " left at shutdown");
            }
        }
    }
}
