package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesEveryCharacterSoAParserReadsItBack() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029😀");
        String quoted = Json.quote(all.toString());
        String read = jakarta.json.Json.createReader(new StringReader("[" + quoted + "]")).readArray().getString(0);
        assertEquals(all.toString(), read);
    }

    @Test
    void nullIsNull() {
        assertEquals("null", Json.quote(null));
    }
}
