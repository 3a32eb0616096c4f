package dev.hookcast.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hookcast.audit.Header;
import dev.hookcast.ingest.HookAccepted;

class FanoutMessageTest {

    private static final Instant AT = Instant.parse("2026-12-01T06:07:08.123456789Z");

    @Test
    void aBatchArrivesWhole() {
        HookAccepted json = new HookAccepted(42, 7, "orders", AT, "application/json",
                List.of(new Header("X-GitHub-Event", "push"), new Header("Via", "a"), new Header("Via", "b")),
                "{\"ü\":1}".getBytes(StandardCharsets.UTF_8));
        HookAccepted empty = new HookAccepted(43, 0, "other.channel", AT.plusMillis(1), null, List.of(), new byte[0]);

        FanoutMessage.Decoded decoded = FanoutMessage.decode(FanoutMessage.encode(List.of(json, empty)));

        assertFalse(decoded.omitted());
        assertEquals(2, decoded.hooks().size());
        assertSame(json, decoded.hooks().get(0));
        assertSame(empty, decoded.hooks().get(1));
        assertNull(decoded.hooks().get(1).contentType());
    }

    @Test
    void aLargeBodyIsLeftToTheAuditStore() {
        byte[] large = new byte[FanoutMessage.INLINE_BODY_LIMIT + 1];
        HookAccepted big = new HookAccepted(10, 9, "c", AT, "application/octet-stream", List.of(), large);
        HookAccepted small = new HookAccepted(11, 10, "c", AT, "text/plain", List.of(), "x".getBytes(StandardCharsets.UTF_8));

        byte[] message = FanoutMessage.encode(List.of(big, small));
        FanoutMessage.Decoded decoded = FanoutMessage.decode(message);

        assertTrue(message.length < FanoutMessage.INLINE_BODY_LIMIT, "the large body is not carried");
        assertTrue(decoded.omitted());
        assertEquals(1, decoded.hooks().size());
        assertSame(small, decoded.hooks().get(0));
    }

    @Test
    void anythingElseIsRefused() {
        byte[] message = FanoutMessage.encode(List.of(new HookAccepted(1, 0, "c", AT, null, List.of(), new byte[8])));
        assertThrows(IllegalArgumentException.class, () -> FanoutMessage.decode(Arrays.copyOf(message, message.length - 3)));
        assertThrows(IllegalArgumentException.class, () -> FanoutMessage.decode("hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> FanoutMessage.decode(new byte[0]));
    }

    private static void assertSame(HookAccepted expected, HookAccepted actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.previousId(), actual.previousId());
        assertEquals(expected.channel(), actual.channel());
        assertEquals(expected.receivedAt(), actual.receivedAt());
        assertEquals(expected.contentType(), actual.contentType());
        assertEquals(expected.headers(), actual.headers());
        assertArrayEquals(expected.body(), actual.body());
    }
}
