package dev.hookcast.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChannelNameTest {

    @Test
    void acceptsTheContractsNames() {
        for (String name : new String[] {"a", "0", "github.push", "stripe_live-2", "A".repeat(128)}) {
            assertTrue(ChannelName.isValid(name), name);
        }
    }

    @Test
    void refusesEverythingElse() {
        for (String name : new String[] {null, "", "-a", ".a", "_a", "a".repeat(129), "a b", "a/b", "..", "ü",
                "a%2Fb", "a;b", "a\u0000"}) {
            assertFalse(ChannelName.isValid(name), String.valueOf(name));
        }
    }
}
