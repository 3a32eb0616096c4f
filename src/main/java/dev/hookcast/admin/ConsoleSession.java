package dev.hookcast.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The console's login session: the HTTP session holds the admin user's name and a CSRF token
 * that every state-changing request made with the session must repeat in {@link #CSRF_HEADER}.
 */
final class ConsoleSession {

    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String USER = ConsoleSession.class.getName() + ".user";
    private static final String CSRF_TOKEN = ConsoleSession.class.getName() + ".csrfToken";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSession() {
    }

    /**
     * Starts a session for {@code user}, always a new one (no session id chosen before the login
     * survives it); returns its CSRF token.
     */
    static String start(HttpServletRequest request, String user) {
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            try {
                previous.invalidate();
            } catch (IllegalStateException alreadyEnded) {
                // a new one is made below all the same
            }
        }
        HttpSession session = request.getSession(true);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        session.setAttribute(USER, user);
        session.setAttribute(CSRF_TOKEN, token);
        return token;
    }

    /** The user logged in with this session, or null. */
    static String user(HttpSession session) {
        return (String) attribute(session, USER);
    }

    /** Whether {@code header} is the session's CSRF token; constant-time. */
    static boolean csrfMatches(HttpSession session, String header) {
        String token = (String) attribute(session, CSRF_TOKEN);
        return token != null && header != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    private static Object attribute(HttpSession session, String name) {
        try {
            return session == null ? null : session.getAttribute(name);
        } catch (IllegalStateException invalidated) {
            return null; // ended (logout, timeout) by another request meanwhile
        }
    }

    /** Ends the request's session, if it has one; returns whether it was a login session. */
    static boolean end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        boolean loggedIn = user(session) != null;
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyEnded) {
            return false;
        }
        return loggedIn;
    }
}
