package dev.hookcast.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame parser of the benchmark's WebSocket client, without sockets. */
class RawWebSocketTest {

    /** Records what the decoder hands out and what it sends back. */
    private static final class Recorder implements RawWebSocket.Handler {
        final List<String> texts = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();
        final List<byte[]> sent = new ArrayList<>();
        final RawWebSocket.Decoder decoder = new RawWebSocket.Decoder(this) {
            @Override
            void send(int opcode, byte[] payload, int off, int len) {
                ByteBuffer frame = RawWebSocket.frame(opcode, payload, off, len);
                byte[] bytes = new byte[frame.remaining()];
                frame.get(bytes);
                sent.add(bytes);
            }
        };

        @Override
        public void text(byte[] buf, int off, int len, long receivedNanos) {
            texts.add(new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void closed(int code) {
            closes.add(code);
        }

        /** Feeds {@code bytes} in chunks of {@code chunk} bytes, keeping the unparsed tail as the client does. */
        void feed(byte[] bytes, int chunk) {
            byte[] pending = new byte[0];
            for (int at = 0; at < bytes.length; at += chunk) {
                int n = Math.min(chunk, bytes.length - at);
                byte[] buf = Arrays.copyOf(pending, pending.length + n + 7);
                System.arraycopy(bytes, at, buf, pending.length, n);
                int end = pending.length + n;
                int used = decoder.decode(buf, 0, end, 0);
                pending = Arrays.copyOfRange(buf, used, end);
            }
            assertEquals(0, pending.length, "bytes left unparsed");
        }
    }

    /** An unmasked server frame. */
    private static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            out.write(len);
        } else if (len < 65536) {
            out.write(126);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) len >>> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] text(String s) {
        return serverFrame(true, 1, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String repeat(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + i % 26));
        }
        return s.toString();
    }

    /** Unmasks a client frame: checks the mask bit and returns {opcode, payload...}. */
    private static byte[] unmask(byte[] frame) {
        assertEquals(0x80, frame[0] & 0x80, "FIN");
        assertEquals(0x80, frame[1] & 0x80, "client frames must be masked");
        int len = frame[1] & 0x7f;
        int at = 2;
        if (len == 126) {
            len = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
            at = 4;
        }
        byte[] mask = Arrays.copyOfRange(frame, at, at + 4);
        at += 4;
        assertEquals(at + len, frame.length);
        byte[] out = new byte[len + 1];
        out[0] = (byte) (frame[0] & 0x0f);
        for (int i = 0; i < len; i++) {
            out[i + 1] = (byte) (frame[at + i] ^ mask[i & 3]);
        }
        return out;
    }

    @Test
    void severalFramesInOneBuffer() {
        Recorder r = new Recorder();
        r.feed(concat(text("{\"type\":\"hook\",\"id\":\"1\"}"), text("two"), text("")), 1 << 20);
        assertEquals(List.of("{\"type\":\"hook\",\"id\":\"1\"}", "two", ""), r.texts);
        assertNull(r.decoder.failure);
    }

    @Test
    void framesSplitAcrossReadsAtEveryByte() {
        byte[] small = concat(text("first"), text(repeat(300)), text("last"));
        for (int chunk : new int[] {1, 2, 3, 7, 125}) {
            Recorder r = new Recorder();
            r.feed(small, chunk);
            assertEquals(List.of("first", repeat(300), "last"), r.texts, "chunk " + chunk);
        }
        String big = repeat(70_000);
        byte[] stream = concat(text("first"), text(big), text("last"));
        for (int chunk : new int[] {9, 4096, 65_537}) {
            Recorder r = new Recorder();
            r.feed(stream, chunk);
            assertEquals(List.of("first", big, "last"), r.texts, "chunk " + chunk);
        }
    }

    @Test
    void sixteenAndSixtyFourBitLengths() {
        Recorder r = new Recorder();
        byte[] f16 = text(repeat(126));
        assertEquals(126, f16[1]);
        byte[] f64 = text(repeat(65_536));
        assertEquals(127, f64[1]);
        byte[] max16 = text(repeat(65_535));
        assertEquals(126, max16[1]);
        r.feed(concat(f16, f64, max16), 1 << 20);
        assertEquals(List.of(repeat(126), repeat(65_536), repeat(65_535)), r.texts);
    }

    @Test
    void fragmentedTextWithAPingInBetween() {
        Recorder r = new Recorder();
        r.feed(concat(serverFrame(false, 1, "he".getBytes()), serverFrame(true, 9, "p".getBytes()),
                serverFrame(false, 0, "ll".getBytes()), serverFrame(true, 0, "o".getBytes()),
                serverFrame(true, 2, new byte[] {1, 2}), text("after")), 3);
        assertEquals(List.of("hello", "after"), r.texts);
        assertEquals(1, r.sent.size());
    }

    @Test
    void pingIsAnsweredWithAMaskedPong() {
        Recorder r = new Recorder();
        byte[] payload = "ping-payload".getBytes(StandardCharsets.US_ASCII);
        r.feed(concat(serverFrame(true, 9, payload), text("x")), 5);
        assertEquals(1, r.sent.size());
        byte[] pong = unmask(r.sent.get(0));
        assertEquals(10, pong[0]);
        assertArrayEquals(payload, Arrays.copyOfRange(pong, 1, pong.length));
        assertEquals(List.of("x"), r.texts);
        assertTrue(r.closes.isEmpty());
    }

    @Test
    void closeIsAnsweredAndRecorded() {
        Recorder r = new Recorder();
        byte[] reason = "going".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (1011 >>> 8);
        payload[1] = (byte) 1011;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        byte[] stream = concat(text("a"), serverFrame(true, 8, payload));
        int used = r.decoder.decode(concat(stream, text("ignored after close")), 0,
                stream.length + text("ignored after close").length, 0);
        assertEquals(stream.length, used, "nothing is parsed after a close");
        assertEquals(List.of("a"), r.texts);
        assertEquals(List.of(1011), r.closes);
        assertEquals(1, r.sent.size());
        byte[] close = unmask(r.sent.get(0));
        assertEquals(8, close[0]);
        assertEquals(3, close.length, "the code is echoed");
        assertEquals(1011, ((close[1] & 0xff) << 8) | (close[2] & 0xff));
    }

    @Test
    void closeWithoutCodeIs1005AndOurCloseIsSentOnce() {
        Recorder r = new Recorder();
        r.decoder.sendClose(1000, "bench done");
        byte[] ours = unmask(r.sent.get(0));
        assertEquals(8, ours[0]);
        assertEquals(1000, ((ours[1] & 0xff) << 8) | (ours[2] & 0xff));
        assertEquals("bench done", new String(ours, 3, ours.length - 3, StandardCharsets.UTF_8));
        r.feed(serverFrame(true, 8, new byte[0]), 1);
        assertEquals(List.of(1005), r.closes);
        assertEquals(1, r.sent.size(), "no second close");
    }

    @Test
    void maskedServerFrameIsAnError() {
        Recorder r = new Recorder();
        byte[] frame = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'};
        r.decoder.decode(frame, 0, frame.length, 0);
        assertNotNull(r.decoder.failure);
        assertTrue(r.texts.isEmpty());
    }

    @Test
    void acceptKeyOfRfc6455Example() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", RawWebSocket.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void idAndPayloadTimeAreFoundInBytes() {
        byte[] frame = ("{\"type\":\"hook\",\"id\":\"12345\",\"channel\":\"c\",\"payload\":{\"t\":-987654321,"
                + "\"pad\":\"x\"}}").getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[frame.length + 10];
        System.arraycopy(frame, 0, buf, 5, frame.length);
        assertEquals(12345, Benchmark.idOf(buf, 5, 5 + frame.length));
        byte[] t = "\"payload\":{\"t\":".getBytes(StandardCharsets.US_ASCII);
        int at = Benchmark.indexOf(buf, 5, 5 + frame.length, t);
        assertEquals(-987654321L, Benchmark.parseLong(buf, at + t.length, 5 + frame.length));
        assertEquals(-1, Benchmark.idOf(buf, 5, 5 + 20), "the id is beyond the end");
    }

    /** The lines {@link RawWebSocket#forEachLine} hands out of {@code text} placed at offset 3 of a larger buffer. */
    private static List<String> lines(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[bytes.length + 6];
        Arrays.fill(buf, (byte) '\n'); // newlines around the message must not be read
        System.arraycopy(bytes, 0, buf, 3, bytes.length);
        List<String> out = new ArrayList<>();
        int n = RawWebSocket.forEachLine(buf, 3, bytes.length,
                (b, off, len) -> out.add(new String(b, off, len, StandardCharsets.UTF_8)));
        assertEquals(out.size(), n);
        return out;
    }

    @Test
    void batchMessageIsSplitIntoItsLines() {
        assertEquals(List.of("{\"id\":\"1\"}", "{\"id\":\"2\"}", "{\"id\":\"3\"}"),
                lines("{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\"id\":\"3\"}"));
        assertEquals(List.of("{\"id\":\"1\"}"), lines("{\"id\":\"1\"}"), "one frame: one line");
        assertEquals(List.of("a", "b"), lines("a\nb\n"), "a final newline ends the last line");
        assertEquals(List.of("a", "", "b"), lines("a\n\nb"), "an empty line is handed out (and then not a hook)");
        assertEquals(List.of(""), lines(""), "an empty message is one empty line");
        assertEquals(List.of("\u00e9t\u00e9", "x"), lines("\u00e9t\u00e9\nx"), "bytes, not chars: UTF-8 stays whole");
    }

    @Test
    void batchedHooksAreReadByTheBenchmarksParsers() {
        String batch = "{\"type\":\"hook\",\"id\":\"41\",\"payload\":{\"t\":5}}\n"
                + "{\"type\":\"hook\",\"id\":\"42\",\"payload\":{\"t\":6}}";
        byte[] buf = batch.getBytes(StandardCharsets.US_ASCII);
        List<Long> ids = new ArrayList<>();
        RawWebSocket.forEachLine(buf, 0, buf.length, (b, off, len) -> ids.add(Benchmark.idOf(b, off, off + len)));
        assertEquals(List.of(41L, 42L), ids);
    }
}
