package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.websocket.SendHandler;

/** The seam between subscribers and the socket: pre-framed bytes as RFC 6455 frames them, and the portable fallback. */
class WireTest {

    private static final SendHandler IGNORED = result -> { };

    private static Frame frame(long id, String text) {
        return new Frame(id, text, text.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Reads one server frame as a client would (RFC 6455 section 5.2): final, text, unmasked; its payload. */
    private static String parse(byte[] wire) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
        assertEquals(0x81, in.readUnsignedByte(), "FIN and the text opcode");
        int second = in.readUnsignedByte();
        assertEquals(0, second & 0x80, "a server's frame is not masked");
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
            assertEquals(true, length >= 126, "the shortest length encoding");
        } else if (length == 127) {
            length = in.readLong();
            assertEquals(true, length > 0xFFFF, "the shortest length encoding");
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        assertEquals(0, in.available(), "nothing after the payload");
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void aFrameIsFramedWithTheShortestLengthAtEveryBoundary() throws IOException {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
            String text = "x".repeat(length);
            assertEquals(text, parse(frame(1, text).wire()), "payload of " + length + " bytes");
        }
    }

    @Test
    void multiByteTextIsFramedByItsUtf8Length() throws IOException {
        String text = "{\"payload\":\"héllo ✓ \uD83D\uDE00\"}".repeat(10);
        byte[] wire = frame(1, text).wire();
        assertEquals(text, parse(wire));
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, wire.length - Frame.payloadOffset(wire));
    }

    @Test
    void aFrameIsEncodedOnceAndSharedWithItsLeasedCopies() {
        Frame frame = frame(1, "{\"id\":\"1\"}");
        byte[] wire = frame.wire();
        assertSame(wire, frame.wire());
        assertSame(wire, frame.leasing(null).wire());
    }

    @Test
    void aBatchIsOneFrameWhosePayloadIsTheFramesOnePerLine() throws IOException {
        // lengths that cross the 126 and 65,536 boundaries of the batch's own header
        List<Frame> frames = List.of(frame(1, "{\"id\":\"1\"}"), frame(2, "é".repeat(70)), frame(3, "y".repeat(70_000)));
        String expected = frames.get(0).text() + "\n" + frames.get(1).text() + "\n" + frames.get(2).text();
        assertEquals(expected, parse(TyrusWire.batch(frames)));
        assertEquals(frames.get(0).text() + "\n" + frames.get(1).text(), parse(TyrusWire.batch(frames.subList(0, 2))));
    }

    @Test
    void framesWrittenBackToBackAreEachTheirOwnMessageByteForByte() throws IOException {
        List<Frame> frames = List.of(frame(1, "{\"id\":\"1\"}"), frame(2, "é".repeat(70)), frame(3, "y".repeat(70_000)));
        byte[] several = TyrusWire.backToBack(frames);
        int at = 0;
        for (Frame frame : frames) {
            byte[] alone = frame.wire();
            assertEquals(frame.text(), parse(Arrays.copyOfRange(several, at, at + alone.length)));
            assertArrayEquals(alone, Arrays.copyOfRange(several, at, at + alone.length), "as when sent alone");
            at += alone.length;
        }
        assertEquals(several.length, at, "nothing else in the write");
    }

    @Test
    void thePortableWireWritesOneMessageAtATime() {
        Wire portable = Wire.of(new SubscriberTest.FakeSocket().session, true, IGNORED);
        assertFalse(portable.writesSeveral());
        assertThrows(IllegalArgumentException.class,
                () -> portable.message(List.of(frame(1, "{}"), frame(2, "{}")), false));
    }

    @Test
    void theBatchesOfBothWiresCarryTheSameText() throws IOException {
        List<Frame> frames = List.of(frame(1, "{\"a\":\"ü\"}"), frame(2, "{\"b\":2}"), frame(3, "{}"));
        Wire portable = Wire.of(new SubscriberTest.FakeSocket().session, false, IGNORED);
        assertEquals(parse(TyrusWire.batch(frames)), portable.message(frames, true));
        assertEquals(frames.get(1).text(), portable.message(frames.subList(1, 2), false));
    }

    @Test
    void aSessionOfAnotherContainerUsesThePortableApiEvenWhenPreframedIsAllowed() {
        SubscriberTest.FakeSocket socket = new SubscriberTest.FakeSocket();
        Wire wire = Wire.of(socket.session, true, IGNORED);
        assertInstanceOf(Wire.Portable.class, wire);
        wire.send(wire.message(List.of(frame(7, "{\"id\":\"7\"}")), false));
        assertEquals(List.of("{\"id\":\"7\"}"), socket.sent);
    }

    @Test
    void subscribersWhoseWritesHoldTheSameFramesShareOneMessageAndOthersGetTheirOwn() throws IOException {
        List<Frame> frames = List.of(frame(1, "{\"id\":\"1\"}"), frame(2, "{\"id\":\"2\"}"), frame(3, "{}"));
        SharedMessage<byte[]> shared = new SharedMessage<>(TyrusWire::batch);
        byte[] first = shared.of(new java.util.ArrayList<>(frames));
        assertSame(first, shared.of(new java.util.ArrayList<>(frames)), "another subscriber, the same frames: no copy");
        byte[] fewer = shared.of(frames.subList(0, 2));
        assertEquals(frames.get(0).text() + "\n" + frames.get(1).text(), parse(fewer));
        List<Frame> equalText = List.of(frames.get(0), frames.get(1), frame(3, "{}"));
        byte[] leased = shared.of(equalText);
        assertNotSame(fewer, leased, "the same text in other frame objects is built again");
        assertEquals(parse(first), parse(leased));
        assertNotSame(first, shared.of(frames), "one message is kept at a time");
    }

    @Test
    void bothWiresShareAMessageOfSeveralFramesBetweenSubscribers() {
        List<Frame> frames = List.of(frame(1, "{\"id\":\"1\"}"), frame(2, "{\"id\":\"2\"}"));
        Wire portable = Wire.of(new SubscriberTest.FakeSocket().session, false, IGNORED);
        Wire other = Wire.of(new SubscriberTest.FakeSocket().session, false, IGNORED);
        assertSame(portable.message(frames, true), other.message(new java.util.ArrayList<>(frames), true));
    }
}
