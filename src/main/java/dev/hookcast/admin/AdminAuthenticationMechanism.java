package dev.hookcast.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import dev.hookcast.platform.AdminPaths;
import dev.hookcast.platform.Problem;
import dev.hookcast.platform.StartGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * How a caller of the admin API ({@code /api/admin/*}) proves to be the admin: HTTP Basic on
 * every request (API clients), or the console's session, started by {@code POST /api/admin/login}
 * (which authenticates through {@code SecurityContext.authenticate}, landing in
 * {@link #validateRequest} with the posted credential).
 *
 * <ul>
 * <li>No credentials: 401 with {@code WWW-Authenticate: Basic realm="hookcast"}.
 * <li>Wrong Basic credentials: 401, counted by {@link LoginThrottle}; an address over its limit
 *     gets 429 with {@code Retry-After}, whatever it sends.
 * <li>A session on a state-changing request (POST, PUT, DELETE, PATCH) without its CSRF token in
 *     {@code X-CSRF-Token}: 403. Basic needs no token: a script sends it deliberately.
 * <li>A state-changing request that a browser marks as cross-site or same-site
 *     ({@code Sec-Fetch-Site}): 403, however authenticated, since a browser may also replay
 *     Basic credentials it cached.
 * </ul>
 * Refusals are {@code application/problem+json}. Every other path of the WAR passes untouched.
 * The role check itself is the container's: {@code WEB-INF/web.xml} requires role {@code admin}
 * on {@code /api/admin/*}, except for the login.
 */
@ApplicationScoped
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String ADMIN_PATH = "/" + AdminPaths.ROOT;
    static final String LOGIN_PATH = ADMIN_PATH + "/login";
    static final String CHALLENGE = "Basic realm=\"hookcast\"";

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

    @Inject
    IdentityStoreHandler identities;

    @Inject
    LoginThrottle throttle;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        AuthenticationParameters parameters = context.getAuthParameters();
        Credential posted = parameters == null ? null : parameters.getCredential();
        if (context.isAuthenticationRequest() && posted != null) {
            // the console's login; LoginResource throttles and answers
            CredentialValidationResult result = identities.validate(posted);
            return result.getStatus() == CredentialValidationResult.Status.VALID
                    ? context.notifyContainerAboutLogin(result)
                    : AuthenticationStatus.SEND_FAILURE;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean admin = path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/");
        if (!admin && !context.isProtected()) {
            return context.doNothing();
        }
        if (!StartGate.isOpen()) { // this runs before the filters: nothing may be touched before the start
            return refuse(response, StartGate.refusal(), false);
        }
        boolean stateChanging = STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT));
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (stateChanging && ("cross-site".equals(fetchSite) || "same-site".equals(fetchSite))) {
            return refuse(response, new Problem(403, "Forbidden",
                    "The admin API refuses state-changing requests from other sites."), false);
        }
        if (path.equals(LOGIN_PATH)) {
            return context.doNothing();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), request, response, context);
        }
        HttpSession session = request.getSession(false);
        String user = ConsoleSession.user(session);
        if (user != null) {
            String token = request.getHeader(ConsoleSession.CSRF_HEADER);
            if (stateChanging && !ConsoleSession.csrfMatches(session, token)) {
                return refuse(response, new Problem(403, "Forbidden", "A request made with the console's session"
                        + " must carry " + ConsoleSession.CSRF_HEADER + " with the token its login answered."), false);
            }
            return context.notifyContainerAboutLogin(user, Set.of(AdminPassword.ROLE));
        }
        return refuse(response, new Problem(401, "Unauthorized",
                "The admin API needs HTTP Basic credentials or the console's session."), true);
    }

    private AuthenticationStatus basic(String encoded, HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        LoginThrottle.Attempt attempt = throttle.admit(request.getRemoteAddr());
        if (attempt.retryAfterSeconds() > 0) {
            return refuse(response, tooManyFailures(attempt.retryAfterSeconds()), false);
        }
        UsernamePasswordCredential credential = decode(encoded);
        CredentialValidationResult result = CredentialValidationResult.INVALID_RESULT;
        try {
            if (credential != null) {
                result = identities.validate(credential);
            }
        } finally {
            throttle.report(attempt, result.getStatus() == CredentialValidationResult.Status.VALID);
        }
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        return refuse(response, new Problem(401, "Unauthorized", "Wrong user or password."), true);
    }

    static Problem tooManyFailures(long retryAfter) {
        return new Problem(429, "Too Many Requests", "Too many failed logins from this address; try again in "
                + retryAfter + " s.", Long.toString(retryAfter));
    }

    /** {@code user:password}, Base64 of UTF-8; null when it is not. */
    private static UsernamePasswordCredential decode(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null
                : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Answers with the problem and tells the container to go no further. */
    private static AuthenticationStatus refuse(HttpServletResponse response, Problem problem, boolean challenge) {
        if (challenge) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
        }
        try {
            problem.writeTo(response);
        } catch (IOException gone) {
            // the client left; there is nobody to tell
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
