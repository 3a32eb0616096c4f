package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Absolute URLs come from configuration or the listener, never from what a request names. */
class PublicBaseUrlTest {

    @Test
    void aConfiguredBaseEndsWithASlash() {
        assertEquals("https://hooks.example.com/", PublicBaseUrl.parse("https://hooks.example.com"));
        assertEquals("https://example.com/hookcast/", PublicBaseUrl.parse(" https://example.com/hookcast/ "));
    }

    @Test
    void anythingButAnAbsoluteHttpUrlIsRefused() {
        for (String bad : new String[] {"hooks.example.com", "/relative", "ftp://example.com/",
                "https://example.com/?q=1", "https://example.com/#x", "https://user:pw@example.com/", "http://"}) {
            assertThrows(IllegalArgumentException.class, () -> PublicBaseUrl.parse(bad), bad);
        }
    }

    @Test
    void theListenerAddressIsTheDefault() {
        assertEquals("http://127.0.0.1:8080/", PublicBaseUrl.listener("http", "127.0.0.1", 8080, ""));
        assertEquals("https://[0:0:0:0:0:0:0:1]:8443/app/",
                PublicBaseUrl.listener("https", "0:0:0:0:0:0:0:1%lo", 8443, "/app"));
    }
}
