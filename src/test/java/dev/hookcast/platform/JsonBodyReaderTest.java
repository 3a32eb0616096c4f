package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;

class JsonBodyReaderTest {

    private final JsonBodyReader reader = new JsonBodyReader();

    private JsonObject read(String body) {
        return reader.readFrom(JsonObject.class, JsonObject.class, new Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                null, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertBadRequest(Runnable read) {
        Problem problem = assertThrows(Problem.class, read::run);
        assertEquals(400, problem.status(), problem.getMessage());
    }

    @Test
    void readsAJsonObject() {
        assertTrue(reader.isReadable(JsonObject.class, JsonObject.class, new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE));
        assertEquals("b", read(" {\"a\":\"b\"}\n").getString("a"));
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        for (String body : new String[] {"{", "", "{\"a\":}", "nope", "{\"a\":1} {}", deep, "{\"a\":" + deep + "}"}) {
            assertBadRequest(() -> read(body));
        }
    }

    @Test
    void jsonOtherThanAnObjectIs400() {
        for (String body : new String[] {"[]", "\"text\"", "1", "null"}) {
            assertBadRequest(() -> read(body));
        }
    }
}
