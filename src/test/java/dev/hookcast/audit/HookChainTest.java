package dev.hookcast.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.hookcast.platform.Rfc3339;

/**
 * The chain's hash is stored with every hook and recomputed by the verifier: its inputs, the
 * time's text among them, may never change, or every stored chain would read as broken.
 */
class HookChainTest {

    @Test
    void theTimeIsHashedAsRfc3339InUtcWithExactlyThreeFractionDigits() {
        assertEquals("2026-01-31T00:00:00.000Z", Rfc3339.format(Instant.parse("2026-01-31T00:00:00Z")));
        assertEquals("2026-01-31T12:34:56.789Z", Rfc3339.format(Instant.parse("2026-01-31T12:34:56.789123Z")));
        assertEquals("2026-01-31T10:34:56.789Z",
                Rfc3339.format(OffsetDateTime.of(2026, 1, 31, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(2))));
    }

    @Test
    void hashesOfKnownContentStayAsTheyWere() {
        assertEquals("258747dbdee67780482ffe3664f8e875d3a0162cb0257dfc35d0a4479cd01fca",
                HookChain.hash(HookChain.GENESIS, 42, "orders", Instant.parse("2026-01-31T00:00:00Z"),
                        "[[\"Content-Type\",\"application/json\"]]", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("8d0c4d6fc716c20d594c87afd68003aac248910d2a5c038d99c1ffa3f0d74be8",
                HookChain.hash("ab".repeat(32), 43, "orders", Instant.parse("2026-01-31T12:34:56.789Z"), "[]", null));
    }
}
