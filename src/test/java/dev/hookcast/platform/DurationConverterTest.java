package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheUsualForms() {
        assertEquals(Duration.ofMillis(250), converter.convert("250ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMinutes(5), converter.convert(" 5m "));
        assertEquals(Duration.ofHours(24), converter.convert("24h"));
        assertEquals(Duration.ofDays(30), converter.convert("30d"));
        assertEquals(Duration.ofSeconds(30), converter.convert("PT30S"));
    }

    @Test
    void refusesNonsenseWithAClearMessage() {
        for (String bad : new String[] {"", "s", "30x", "thirty", "P"}) {
            assertThrows(IllegalArgumentException.class, () -> converter.convert(bad), bad);
        }
    }
}
