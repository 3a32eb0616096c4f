package dev.hookcast.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A bare TCP client, for what the JDK's clients will not do: stream a body, or go silent. */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;

    public RawHttp(URI base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(60_000);
    }

    /** Connects from {@code local} (another loopback address, say), so the server sees another client. */
    public RawHttp(URI base, InetAddress local) throws IOException {
        socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort(), local, 0);
        socket.setSoTimeout(60_000);
    }

    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads the status line and headers of the response. */
    public String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The response's head if one begins within {@code wait}, else null (the server is still waiting for the body, say). */
    public String readHead(Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            int first = socket.getInputStream().read();
            if (first == -1) {
                return "";
            }
            socket.setSoTimeout(60_000);
            return (char) first + readHead();
        } catch (SocketTimeoutException nothingYet) {
            return null;
        } finally {
            socket.setSoTimeout(60_000);
        }
    }

    /** Reads what follows the head until the server closes the connection (send {@code Connection: close}). */
    public String readRest() throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The head of {@code POST /hooks/{channel}} on a connection the server closes after answering,
     * with {@code headers} (each ending in CRLF) before the Content-Length.
     */
    public static String hookHead(String channel, String contentType, long length, String headers) {
        return "POST /hooks/" + channel + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: " + contentType + "\r\n" + headers + "Content-Length: " + length + "\r\n\r\n";
    }

    public static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
