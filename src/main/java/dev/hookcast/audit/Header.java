package dev.hookcast.audit;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import dev.hookcast.platform.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;

/** One request header line as received. A hook keeps them all, in order, repeats included. */
public record Header(String name, String value) {

    /** The stored form: a JSON array of {@code [name, value]} pairs. */
    public static String toJson(List<Header> headers) {
        StringBuilder out = new StringBuilder(64 * headers.size() + 2).append('[');
        for (Header header : headers) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('[');
            Json.quote(header.name, out);
            out.append(',');
            Json.quote(header.value, out);
            out.append(']');
        }
        return out.append(']').toString();
    }

    public static List<Header> fromJson(String json) {
        try (JsonReader reader = Json.PROVIDER.createReader(new StringReader(json))) {
            JsonArray pairs = reader.readArray();
            List<Header> headers = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                JsonArray pair = pairs.getJsonArray(i);
                headers.add(new Header(pair.getString(0), pair.getString(1)));
            }
            return headers;
        }
    }
}
