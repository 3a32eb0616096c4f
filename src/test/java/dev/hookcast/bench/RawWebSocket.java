package dev.hookcast.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small, cheap WebSocket client for the benchmark's subscribers (JDK only): one selector thread
 * for every socket, non-blocking channels, the HTTP/1.1 upgrade written by hand, and server frames
 * parsed in place. A text message is handed to its {@link Handler} as bytes of the read buffer
 * (valid only during the call), on the selector thread; nothing is decoded into Strings.
 *
 * <p>Plain {@code ws://} only. Client frames (pong, close) are masked as RFC 6455 requires.
 */
final class RawWebSocket implements AutoCloseable {

    /** Receives one socket's events, on the selector thread, one call at a time. */
    interface Handler {
        /** A complete text message: {@code buf[off .. off+len)}, valid only during the call. */
        void text(byte[] buf, int off, int len, long receivedNanos);

        /** The server's close code (1005 when its close frame had none), or -1 on an error or EOF without close. */
        void closed(int code);
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Larger messages fail the socket (hooks are at most a few MiB). */
    static final int MAX_MESSAGE = 64 << 20;
    private static final int MAX_HANDSHAKE_RESPONSE = 16 << 10;

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Sockets between connect and the 101, swept for their deadline (selector thread only). */
    private final Set<Socket> handshaking = new HashSet<>();
    private final ByteBuffer shared = ByteBuffer.allocate(256 << 10);
    private volatile boolean stopped;

    RawWebSocket(String name) throws IOException {
        selector = Selector.open();
        Thread thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Connects and upgrades; the future completes on the selector thread with the open socket, or
     * with the connect, handshake or timeout failure.
     */
    CompletableFuture<Socket> connect(URI uri, Duration timeout, Handler handler) {
        return connect(uri, timeout, null, handler);
    }

    /**
     * As {@link #connect(URI, Duration, Handler)}, offering the WebSocket subprotocol
     * {@code subprotocol} (null: none): the handshake fails unless the server selects exactly it
     * (or, when none is offered, selects none).
     */
    CompletableFuture<Socket> connect(URI uri, Duration timeout, String subprotocol, Handler handler) {
        CompletableFuture<Socket> opened = new CompletableFuture<>();
        try {
            if (!"ws".equals(uri.getScheme())) {
                throw new IllegalArgumentException("only ws:// is supported: " + uri);
            }
            String host = uri.getHost();
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new IOException("cannot resolve " + host);
            }
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] keyBytes = new byte[16];
            ThreadLocalRandom.current().nextBytes(keyBytes);
            String key = Base64.getEncoder().encodeToString(keyBytes);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + uri.getRawAuthority() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n"
                    + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            Socket socket = new Socket(handler, opened, acceptFor(key), subprotocol,
                    System.nanoTime() + timeout.toNanos());
            socket.out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            run(() -> socket.start(address));
        } catch (Exception e) {
            opened.completeExceptionally(e);
        }
        return opened;
    }

    /** The Sec-WebSocket-Accept a server must answer to {@code key}. */
    static String acceptFor(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Closes every socket (without a close handshake) and ends the selector thread. */
    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
    }

    private void loop() {
        while (!stopped) {
            try {
                selector.select(handshaking.isEmpty() ? 0 : 100);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Socket socket = (Socket) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            socket.connected();
                        }
                        if (key.isValid() && key.isWritable()) {
                            socket.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            socket.readable();
                        }
                    } catch (IOException | RuntimeException e) {
                        socket.fail(e);
                    }
                }
                selector.selectedKeys().clear();
                if (!handshaking.isEmpty()) {
                    long now = System.nanoTime();
                    for (Socket socket : new ArrayList<>(handshaking)) {
                        if (now - socket.handshakeDeadline > 0) {
                            socket.fail(new SocketTimeoutException("WebSocket handshake timed out"));
                        }
                    }
                }
            } catch (Throwable e) {
                System.err.println("RawWebSocket selector: " + e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // the thread ends anyway
        }
    }

    /** One connection; all its state is touched on the selector thread only, except the volatile flags. */
    final class Socket {
        private final Handler handler;
        private final CompletableFuture<Socket> opened;
        private final String expectedAccept;
        /** The subprotocol offered, which the server must select (null: none offered, none may be selected). */
        private final String expectedProtocol;
        private final long handshakeDeadline;
        final Decoder decoder;
        private SocketChannel channel;
        private SelectionKey key;
        /** Bytes waiting to be written (null when none). */
        ByteBuffer out;
        /** Received bytes not yet parsed (an incomplete frame or handshake answer). */
        private byte[] pending;
        private int pendingLength;
        private boolean upgraded;
        private volatile boolean inputClosed;
        private volatile boolean closed;

        private Socket(Handler handler, CompletableFuture<Socket> opened, String expectedAccept,
                String expectedProtocol, long deadline) {
            this.handler = handler;
            this.opened = opened;
            this.expectedAccept = expectedAccept;
            this.expectedProtocol = expectedProtocol;
            this.handshakeDeadline = deadline;
            this.decoder = new Decoder(handler) {
                @Override
                void send(int opcode, byte[] payload, int off, int len) {
                    enqueue(frame(opcode, payload, off, len));
                }

                @Override
                void closeReceived(int code) {
                    inputClosed = true;
                }
            };
        }

        private void start(InetSocketAddress address) {
            handshaking.add(this);
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (channel.connect(address)) {
                    key = channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, this);
                } else {
                    key = channel.register(selector, SelectionKey.OP_CONNECT, this);
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }

        private void connected() throws IOException {
            if (channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            if (out != null) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    out = null;
                }
            }
            if (key != null && key.isValid()) {
                key.interestOps(out == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        private void enqueue(ByteBuffer bytes) {
            if (out == null) {
                out = bytes;
            } else {
                ByteBuffer joined = ByteBuffer.allocate(out.remaining() + bytes.remaining());
                joined.put(out).put(bytes).flip();
                out = joined;
            }
            if (channel != null && upgraded && !closed) {
                try {
                    flush();
                } catch (IOException e) {
                    fail(e);
                }
            }
        }

        private void readable() throws IOException {
            // Read into the shared buffer; only an incomplete tail is copied into this socket's own.
            for (int reads = 0; reads < 4 && !closed; reads++) {
                shared.clear();
                int n = channel.read(shared);
                if (n < 0) {
                    fail(new EOFException(upgraded ? "connection closed without a close frame"
                            : "connection closed during the handshake"));
                    return;
                }
                if (n == 0) {
                    return;
                }
                long now = System.nanoTime();
                byte[] buf;
                int length;
                if (pendingLength == 0) {
                    buf = shared.array();
                    length = n;
                } else {
                    if (pending.length < pendingLength + n) {
                        pending = Arrays.copyOf(pending, Math.max(pendingLength + n, pending.length * 2));
                    }
                    System.arraycopy(shared.array(), 0, pending, pendingLength, n);
                    pendingLength += n;
                    buf = pending;
                    length = pendingLength;
                }
                int used = upgraded ? 0 : handshake(buf, length);
                if (used < 0) {
                    return; // failed
                }
                if (upgraded) {
                    used += decoder.decode(buf, used, length, now);
                }
                keep(buf, used, length);
                if (decoder.failure != null) {
                    fail(decoder.failure);
                    return;
                }
                if (inputClosed) {
                    return; // the close answer is queued; the server closes the connection
                }
                if (n < shared.capacity()) {
                    return;
                }
            }
        }

        /** Keeps {@code buf[from..length)} as this socket's pending bytes. */
        private void keep(byte[] buf, int from, int length) {
            int rest = length - from;
            if (rest == 0) {
                pendingLength = 0;
                if (pending != null && pending.length > (64 << 10)) {
                    pending = null; // a large message's buffer is not kept
                }
                return;
            }
            if (buf == pending) {
                System.arraycopy(pending, from, pending, 0, rest);
            } else {
                if (pending == null || pending.length < rest) {
                    pending = new byte[Math.max(rest, 4096)];
                }
                System.arraycopy(buf, from, pending, 0, rest);
            }
            pendingLength = rest;
        }

        /** Parses the server's answer; returns the bytes used, 0 when incomplete, -1 when it failed. */
        private int handshake(byte[] buf, int length) {
            int end = -1;
            for (int i = 3; i < length; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    end = i + 1;
                    break;
                }
            }
            if (end < 0) {
                if (length > MAX_HANDSHAKE_RESPONSE) {
                    fail(new ProtocolException("handshake answer too long"));
                    return -1;
                }
                return 0;
            }
            String[] lines = new String(buf, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            String status = lines[0];
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[1].equals("101")) {
                fail(new ProtocolException("WebSocket handshake answered " + status));
                return -1;
            }
            String accept = null;
            String protocol = null;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (name.equals("sec-websocket-accept")) {
                    accept = lines[i].substring(colon + 1).trim();
                } else if (name.equals("sec-websocket-protocol")) {
                    protocol = lines[i].substring(colon + 1).trim();
                }
            }
            if (!expectedAccept.equals(accept)) {
                fail(new ProtocolException("bad Sec-WebSocket-Accept: " + accept));
                return -1;
            }
            if (!java.util.Objects.equals(expectedProtocol, protocol)) {
                fail(new ProtocolException(expectedProtocol == null
                        ? "the server selected subprotocol " + protocol + " although none was offered"
                        : "subprotocol " + expectedProtocol + " offered, the server selected "
                                + (protocol == null ? "none" : protocol)));
                return -1;
            }
            upgraded = true;
            handshaking.remove(this);
            opened.complete(this);
            return end;
        }

        /** Fails the handshake or, once open, reports -1 to the handler (unless a close frame came first). */
        private void fail(Throwable error) {
            if (closed) {
                return;
            }
            closed = true;
            handshaking.remove(this);
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            if (!upgraded) {
                opened.completeExceptionally(error);
            } else if (!inputClosed) {
                inputClosed = true;
                handler.closed(-1);
            }
        }

        /** Sends a close frame (any thread); the server's close answer ends the connection. */
        void close(int code, String reason) {
            run(() -> {
                if (!closed) {
                    decoder.sendClose(code, reason);
                }
            });
        }

        /** True once the server's close frame (or EOF, or an error) arrived. */
        boolean isInputClosed() {
            return inputClosed || closed;
        }

        /** Closes the TCP connection at once (any thread). */
        void abort() {
            run(() -> {
                if (!closed) {
                    closed = true;
                    inputClosed = true;
                    try {
                        if (channel != null) {
                            channel.close();
                        }
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            });
        }
    }

    /** Receives the lines of a message, see {@link #forEachLine}. */
    interface LineHandler {
        /** One line: {@code buf[off .. off+len)}, without its '\n'. */
        void line(byte[] buf, int off, int len);
    }

    /**
     * Splits {@code buf[off .. off+len)} on '\n' and hands each line to {@code lines}, in order;
     * returns how many. A message ending in '\n' has no empty last line; empty lines elsewhere are
     * handed out (as zero-length lines). This is how a {@code hookcast.batch} message is read: each
     * line is exactly one plain frame.
     */
    static int forEachLine(byte[] buf, int off, int len, LineHandler lines) {
        int end = off + len;
        int start = off;
        int n = 0;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n') {
                lines.line(buf, start, i - start);
                n++;
                start = i + 1;
            }
        }
        if (start < end || n == 0) {
            lines.line(buf, start, end - start);
            n++;
        }
        return n;
    }

    /** A masked client frame. */
    static ByteBuffer frame(int opcode, byte[] payload, int off, int len) {
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + len);
        frame.put((byte) (0x80 | opcode));
        if (len < 126) {
            frame.put((byte) (0x80 | len));
        } else if (len < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        frame.putInt(mask);
        for (int i = 0; i < len; i++) {
            frame.put((byte) (payload[off + i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        return frame.flip();
    }

    /**
     * Server frame parser (unmasked frames): text messages (whole or fragmented) go to the handler,
     * pings are answered with pongs and a close with a close, both through {@link #send}.
     */
    abstract static class Decoder {
        private final Handler handler;
        /** Opcode of the fragmented message being assembled (1 text, 2 binary), 0 when none. */
        private int messageOpcode;
        private byte[] message;
        private int messageLength;
        private boolean closeSent;
        private boolean closeReceived;
        IOException failure;

        Decoder(Handler handler) {
            this.handler = handler;
        }

        /** Writes one (masked) frame to the server. */
        abstract void send(int opcode, byte[] payload, int off, int len);

        /** Called when the server's close frame arrived, before the handler. */
        void closeReceived(int code) {
        }

        void sendClose(int code, String reason) {
            if (closeSent) {
                return;
            }
            closeSent = true;
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + Math.min(text.length, 123)];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, payload.length - 2);
            send(8, payload, 0, payload.length);
        }

        /**
         * Handles every complete frame in {@code buf[from..end)}; returns the bytes used (the rest
         * is an incomplete frame). After a protocol error {@link #failure} is set.
         */
        int decode(byte[] buf, int from, int end, long now) {
            int at = from;
            while (!closeReceived && failure == null) {
                if (end - at < 2) {
                    break;
                }
                int b0 = buf[at] & 0xff;
                int b1 = buf[at + 1] & 0xff;
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0f;
                if ((b1 & 0x80) != 0) {
                    failure = new ProtocolException("masked server frame");
                    break;
                }
                int header = 2;
                long length = b1 & 0x7f;
                if (length == 126) {
                    if (end - at < 4) {
                        break;
                    }
                    length = ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
                    header = 4;
                } else if (length == 127) {
                    if (end - at < 10) {
                        break;
                    }
                    length = 0;
                    for (int i = 2; i < 10; i++) {
                        length = (length << 8) | (buf[at + i] & 0xff);
                    }
                    header = 10;
                }
                if (length < 0 || length > MAX_MESSAGE) {
                    failure = new ProtocolException("frame of " + length + " bytes");
                    break;
                }
                if (end - at - header < length) {
                    break;
                }
                int payload = at + header;
                int len = (int) length;
                at = payload + len;
                switch (opcode) {
                    case 1, 2 -> {
                        if (messageOpcode != 0) {
                            failure = new ProtocolException("new message inside a fragmented one");
                        } else if (fin) {
                            if (opcode == 1) {
                                handler.text(buf, payload, len, now);
                            }
                        } else {
                            messageOpcode = opcode;
                            messageLength = 0;
                            append(buf, payload, len);
                        }
                    }
                    case 0 -> {
                        if (messageOpcode == 0) {
                            failure = new ProtocolException("continuation without a message");
                        } else {
                            append(buf, payload, len);
                            if (fin) {
                                if (messageOpcode == 1) {
                                    handler.text(message, 0, messageLength, now);
                                }
                                messageOpcode = 0;
                                messageLength = 0;
                                if (message.length > (64 << 10)) {
                                    message = null;
                                }
                            }
                        }
                    }
                    case 8 -> {
                        int code = len >= 2 ? ((buf[payload] & 0xff) << 8) | (buf[payload + 1] & 0xff) : 1005;
                        closeReceived = true;
                        closeReceived(code);
                        if (!closeSent) {
                            closeSent = true;
                            if (code == 1005) {
                                send(8, buf, payload, 0);
                            } else {
                                send(8, buf, payload, 2);
                            }
                        }
                        handler.closed(code);
                    }
                    case 9 -> send(10, buf, payload, len);
                    case 10 -> {
                        // unsolicited pong: ignored
                    }
                    default -> failure = new ProtocolException("opcode " + opcode);
                }
            }
            return at - from;
        }

        private void append(byte[] buf, int off, int len) {
            if (messageLength + len > MAX_MESSAGE) {
                failure = new ProtocolException("message over " + MAX_MESSAGE + " bytes");
                return;
            }
            if (message == null || message.length < messageLength + len) {
                message = Arrays.copyOf(message == null ? new byte[0] : message,
                        Math.max(messageLength + len, message == null ? 4096 : message.length * 2));
            }
            System.arraycopy(buf, off, message, messageLength, len);
            messageLength += len;
        }
    }
}
