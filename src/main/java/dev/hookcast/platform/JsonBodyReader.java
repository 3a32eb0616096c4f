package dev.hookcast.platform;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads a {@code JsonObject} body parameter so that a body that is not JSON, or JSON but not an
 * object, is a 400 problem. The server's JSON-P reader lets a parse error become a 500, and hands
 * {@code []} to a {@code JsonObject} parameter, which fails outside the resource (a 500 HTML page).
 * Declared for {@code JsonObject} itself, so that it is preferred to the server's reader, which is
 * declared for {@code JsonValue}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonBodyReader implements MessageBodyReader<JsonObject> {

    /** JSON between systems is UTF-8 (RFC 8259): no guessing from the first bytes. */
    private static final JsonParserFactory PARSERS = Json.PROVIDER.createParserFactory(Map.of());

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(Class<JsonObject> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        JsonValue value = null;
        try (JsonParser parser = PARSERS.createParser(entityStream, StandardCharsets.UTF_8)) {
            if (parser.hasNext()) {
                parser.next();
                value = parser.getValue();
                parser.hasNext(); // throws on anything but white space after the value
            }
        } catch (RuntimeException e) {
            // a JsonException, or (Parsson, for nesting too deep) a bare RuntimeException
            throw Problem.badRequest("The body is not JSON: " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw Problem.badRequest("The body is to be a JSON object.");
        }
        return object;
    }
}
