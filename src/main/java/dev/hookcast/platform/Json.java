package dev.hookcast.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;

/** The little JSON writing Hookcast does by hand, on paths where a frame is built once per hook. */
public final class Json {

    /**
     * The JSON-P provider, looked up once: {@code jakarta.json.Json}'s static methods look it up
     * with a {@code ServiceLoader} on every call, which scans the class path for service files.
     */
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * Answers {@code status} with the JSON document {@code json} of {@code mediaType} outside JAX-RS,
     * with the headers JAX-RS gives it: JSON is UTF-8 by definition, so the Content-Type carries no charset.
     */
    public static void writeTo(HttpServletResponse response, int status, String mediaType, String json)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(mediaType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** {@code value} as a JSON string literal, quotes included; {@code null} as {@code null}. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2);
        quote(value, out);
        return out.toString();
    }

    public static void quote(String value, StringBuilder out) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
