package dev.hookcast.admin;

import java.util.List;

import dev.hookcast.platform.Json;
import dev.hookcast.platform.Problem;
import jakarta.json.JsonObject;

/** The admin API takes only the members it knows: a misspelt one is refused, never silently ignored. */
final class JsonMembers {

    private JsonMembers() {
    }

    /** Throws a 400 problem naming the first member of {@code json} not in {@code known}; {@code path} prefixes it. */
    static void only(JsonObject json, String path, List<String> known) {
        for (String member : json.keySet()) {
            if (!known.contains(member)) {
                throw Problem.badRequest("Unknown member " + Json.quote(path + member) + "; "
                        + (path.isEmpty() ? "the body" : path.substring(0, path.length() - 1)) + " takes "
                        + String.join(", ", known) + ".");
            }
        }
    }
}
