package dev.hookcast.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hookcast.platform.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;

class JsonMembersTest {

    private static final List<String> KNOWN = List.of("perSecond", "burst");

    @Test
    void knownMembersPass() {
        JsonMembers.only(Json.createObjectBuilder().add("perSecond", 1).add("burst", 2).build(), "rateLimit.", KNOWN);
        JsonMembers.only(JsonObject.EMPTY_JSON_OBJECT, "", KNOWN);
    }

    @Test
    void anUnknownMemberIsA400NamingItWithItsPath() {
        JsonObject misspelt = Json.createObjectBuilder().add("perSecond", 1).add("bursts", 2).build();
        Problem problem = assertThrows(Problem.class, () -> JsonMembers.only(misspelt, "rateLimit.", KNOWN));
        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains("\"rateLimit.bursts\""), problem.getMessage());
        assertTrue(problem.getMessage().contains("rateLimit takes perSecond, burst"), problem.getMessage());
    }

    @Test
    void membersDifferingOnlyInCaseAreUnknown() {
        JsonObject lower = Json.createObjectBuilder().add("subscribertoken", "x").build();
        assertThrows(Problem.class, () -> JsonMembers.only(lower, "", List.of("subscriberToken")));
    }
}
