package dev.hookcast.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import dev.hookcast.platform.AdminPaths;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Who may call the admin API ({@code /api/admin/*}, mapped in {@code WEB-INF/web.xml} right after
 * the start gate): the admin, proved by HTTP Basic on every request (API clients) or by the
 * console's session, started by {@code POST /api/admin/login} ({@link LoginResource}).
 *
 * <ul>
 * <li>No credentials: 401 with {@code WWW-Authenticate: Basic realm="hookcast"}.
 * <li>Wrong Basic credentials: 401, counted by {@link LoginThrottle}; an address over its limit
 *     gets 429 with {@code Retry-After}, whatever it sends.
 * <li>A session on a state-changing request (POST, PUT, DELETE, PATCH) without its CSRF token in
 *     {@code X-CSRF-Token}: 403. Basic needs no token: a script sends it deliberately.
 * <li>A state-changing request that a browser marks as cross-site or same-site
 *     ({@code Sec-Fetch-Site}): 403, however authenticated (the login too), since a browser may
 *     also replay Basic credentials it cached.
 * </ul>
 * Refusals are {@code application/problem+json}. The login is the one admin path open to anyone.
 *
 * <p>A servlet filter, not a Jakarta Security mechanism: the container calls such a mechanism
 * (through JASPIC) before and after every request of the WAR, {@code POST /hooks} included, and
 * that cost about a tenth of ingest's CPU. This filter runs for admin paths only.
 */
public class AdminGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String LOGIN_PATH = "/" + AdminPaths.ROOT + "/login";
    static final String CHALLENGE = "Basic realm=\"hookcast\"";

    /** The request attribute that names the authenticated caller, for {@link AdminAudit}. */
    private static final String CALLER = AdminGuard.class.getName() + ".caller";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

    @Inject
    transient AdminPassword password;

    @Inject
    transient LoginThrottle throttle;

    /** The caller this request was authenticated as, or null. */
    static String caller(ServletRequest request) {
        return (String) request.getAttribute(CALLER);
    }

    /** Marks the request as the admin's (a login that has just succeeded). */
    static void authenticated(ServletRequest request) {
        request.setAttribute(CALLER, AdminPassword.USER);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean stateChanging = STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT));
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (stateChanging && ("cross-site".equals(fetchSite) || "same-site".equals(fetchSite))) {
            refuse(response, new Problem(403, "Forbidden",
                    "The admin API refuses state-changing requests from other sites."), false);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals(LOGIN_PATH)) {
            chain.doFilter(request, response);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (basic(authorization.substring(6).trim(), request, response)) {
                authenticated(request);
                chain.doFilter(request, response);
            }
            return;
        }
        HttpSession session = request.getSession(false);
        if (ConsoleSession.user(session) != null) {
            if (stateChanging && !ConsoleSession.csrfMatches(session, request.getHeader(ConsoleSession.CSRF_HEADER))) {
                refuse(response, new Problem(403, "Forbidden", "A request made with the console's session"
                        + " must carry " + ConsoleSession.CSRF_HEADER + " with the token its login answered."), false);
                return;
            }
            authenticated(request);
            chain.doFilter(request, response);
            return;
        }
        refuse(response, new Problem(401, "Unauthorized",
                "The admin API needs HTTP Basic credentials or the console's session."), true);
    }

    /** Checks Basic credentials under the throttle; answers and returns false when they do not pass. */
    private boolean basic(String encoded, HttpServletRequest request, HttpServletResponse response) {
        LoginThrottle.Attempt attempt = throttle.admit(request.getRemoteAddr());
        if (attempt.retryAfterSeconds() > 0) {
            refuse(response, tooManyFailures(attempt.retryAfterSeconds()), false);
            return false;
        }
        boolean valid = false;
        try {
            valid = matches(encoded);
        } finally {
            throttle.report(attempt, valid);
        }
        if (!valid) {
            refuse(response, new Problem(401, "Unauthorized", "Wrong user or password."), true);
        }
        return valid;
    }

    /** Whether {@code user:password}, Base64 of UTF-8, is the admin's. */
    private boolean matches(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && password.matches(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }

    static Problem tooManyFailures(long retryAfter) {
        return new Problem(429, "Too Many Requests", "Too many failed logins from this address; try again in "
                + retryAfter + " s.", Long.toString(retryAfter));
    }

    private static void refuse(HttpServletResponse response, Problem problem, boolean challenge) {
        if (challenge) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
        }
        try {
            problem.writeTo(response);
        } catch (IOException gone) {
            // the client left; there is nobody to tell
        }
    }
}
