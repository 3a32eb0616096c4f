package dev.hookcast.admin;

import java.util.List;

import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's login: {@code POST /api/admin/login} with {@code {"user":"admin","password":"..."}}
 * starts an HTTP session and answers {@code {"csrfToken":"..."}}. The only admin path open to
 * anyone (WEB-INF/web.xml); failures count towards {@link LoginThrottle}.
 */
@Path("login")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

    private static final String SHAPE = "{\"user\":\"...\",\"password\":\"...\"}";

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @Inject
    SecurityContext security;

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
        UsernamePasswordCredential credential = new UsernamePasswordCredential(member(body, "user"),
                member(body, "password"));
        LoginThrottle.Attempt attempt = throttle.admit(remote);
        if (attempt.retryAfterSeconds() > 0) {
            throw AdminAuthenticationMechanism.tooManyFailures(attempt.retryAfterSeconds());
        }
        boolean valid = false;
        try {
            valid = security.authenticate(request, response, AuthenticationParameters.withParams()
                    .credential(credential).newAuthentication(true)) == AuthenticationStatus.SUCCESS;
        } finally {
            throttle.report(attempt, valid);
        }
        if (!valid) {
            throw new Problem(401, "Unauthorized", "Wrong user or password.");
        }
        String token = ConsoleSession.start(request, security.getCallerPrincipal().getName());
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
