package dev.hookcast.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.hookcast.platform.Problem;

class NumbersTest {

    @Test
    void anIdIsPositiveDecimalDigitsAndNothingElse() {
        assertEquals(42, Numbers.positive("42"));
        assertEquals(Long.MAX_VALUE, Numbers.positive(Long.toString(Long.MAX_VALUE)));
        for (String notAnId : new String[] {null, "", "0", "-5", "+5", " 5", "5 ", "0x10", "1e3", "٣",
                "9223372036854775808", "abc"}) {
            assertEquals(-1, Numbers.positive(notAnId), notAnId);
        }
    }

    @Test
    void aLimitIsOneToTheMaximumOrTheDefaultWhenAbsent() {
        assertEquals(50, Numbers.limit(null, 50, 500));
        assertEquals(50, Numbers.limit("", 50, 500));
        assertEquals(1, Numbers.limit("1", 50, 500));
        assertEquals(500, Numbers.limit("500", 50, 500));
        for (String bad : new String[] {"0", "501", "+5", "-1", "ten", "99999999999999999999"}) {
            assertEquals(400, assertThrows(Problem.class, () -> Numbers.limit(bad, 50, 500)).status(), bad);
        }
    }
}
