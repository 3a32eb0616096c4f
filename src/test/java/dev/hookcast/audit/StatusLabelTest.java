package dev.hookcast.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status names as the admin API prints and parses them, under a default locale whose lower case of I is dotless. */
class StatusLabelTest {

    private Locale before;

    @BeforeEach
    void turkish() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void statusNamesPrintInAsciiLowerCase() {
        assertEquals(List.of("accepted", "rejected", "duplicate"),
                Arrays.stream(Hook.Status.values()).map(Hook.Status::label).toList());
        assertEquals(List.of("delivered", "failed", "dropped"),
                Arrays.stream(Delivery.Status.values()).map(Delivery.Status::label).toList());
    }

    @Test
    void statusNamesParseInAnyCase() {
        for (Hook.Status status : Hook.Status.values()) {
            assertEquals(status, Hook.Status.ofLabel(status.label()));
            assertEquals(status, Hook.Status.ofLabel(status.name()));
        }
        assertEquals(Hook.Status.DUPLICATE, Hook.Status.ofLabel("Duplicate"));
        assertNull(Hook.Status.ofLabel("lost"));
        assertNull(Hook.Status.ofLabel(null));
    }
}
