package dev.hookcast.admin;

import java.util.List;

import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's login: {@code POST /api/admin/login} with {@code {"user":"admin","password":"..."}}
 * starts an HTTP session and answers {@code {"csrfToken":"..."}}. The only admin path open to
 * anyone ({@link AdminGuard}); failures count towards {@link LoginThrottle}.
 */
@Path("login")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

    private static final String SHAPE = "{\"user\":\"...\",\"password\":\"...\"}";

    @Context
    HttpServletRequest request;

    @Inject
    AdminPassword password;

    @Inject
    LoginThrottle throttle;

    @Inject
    AdminAudit audit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject login(JsonObject body) {
        String remote = request.getRemoteAddr();
        if (body == null) {
            throw Problem.badRequest("The login is " + SHAPE + ".");
        }
        JsonMembers.only(body, "", List.of("user", "password"));
        String user = member(body, "user");
        char[] secret = member(body, "password").toCharArray();
        LoginThrottle.Attempt attempt = throttle.admit(remote);
        if (attempt.retryAfterSeconds() > 0) {
            throw AdminGuard.tooManyFailures(attempt.retryAfterSeconds());
        }
        boolean valid = false;
        try {
            valid = password.matches(user, secret);
        } finally {
            throttle.report(attempt, valid);
        }
        if (!valid) {
            throw new Problem(401, "Unauthorized", "Wrong user or password.");
        }
        AdminGuard.authenticated(request);
        String token = ConsoleSession.start(request, AdminPassword.USER);
        audit.record("login", null, "console session from " + remote);
        return Json.createObjectBuilder().add("csrfToken", token).build();
    }

    private static String member(JsonObject body, String name) {
        if (!(body.get(name) instanceof JsonString string)) {
            throw Problem.badRequest("The login is " + SHAPE + "; " + name + " is missing.");
        }
        return string.getString();
    }
}
