package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import jakarta.json.JsonObject;

/**
 * The admin API's door, on Payara Micro: Basic and the console's session, CSRF, throttling of
 * failed logins, and the action log.
 *
 * <p>Failed logins from this client's address count towards the throttle (5 a minute): the
 * tests before the throttling test fail at most 4 times in all, and the throttling test, last,
 * connects from another loopback address where the system allows it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminSecurityIT extends AgainstDeployment {

    private static final String PURGE_NOTHING = "api/admin/purge?before=2000-01-01T00:00:00Z";

    /** A request without the admin's credentials (Hookcast.request adds them under api/admin/). */
    private HttpRequest.Builder bare(String path) {
        return HttpRequest.newBuilder(hookcast.uri(path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return hookcast.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertChallenge(HttpResponse<String> response) {
        assertEquals("Basic realm=\"hookcast\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    @Order(1)
    void withoutCredentialsTheAdminApiAnswers401WithABasicChallenge() throws Exception {
        for (String path : List.of("api/admin/subscribers", "api/admin/hooks/1", "api/admin/actions", "api/admin",
                "api/admin/no-such-thing")) {
            HttpResponse<String> response = send(bare(path));
            assertProblem(401, response);
            assertChallenge(response);
        }
        HttpResponse<String> purge = send(bare(PURGE_NOTHING).POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(401, purge);
        assertChallenge(purge);
        // other doors stay open
        assertEquals(202, hookcast.post(Hookcast.uniqueChannel("open"), "text/plain", "x".getBytes()).statusCode());
        assertServerLogClean();
    }

    @Test
    @Order(2)
    void basicWithTheWrongPasswordIs401AndWithTheRightOne200() throws Exception {
        HttpResponse<String> wrong = send(bare("api/admin/subscribers")
                .header("Authorization", Hookcast.basic("admin", "not-the-password")));
        assertProblem(401, wrong);
        assertChallenge(wrong);
        HttpResponse<String> wrongUser = send(bare("api/admin/subscribers")
                .header("Authorization", Hookcast.basic("root", Hookcast.ADMIN_PASSWORD)));
        assertProblem(401, wrongUser);

        HttpResponse<String> right = hookcast.get("api/admin/subscribers");
        assertEquals(200, right.statusCode(), right.body());
        assertNotNull(Hookcast.json(right.body()).getJsonArray("items"));
        // Basic needs no CSRF token
        HttpResponse<String> purge = hookcast.post(PURGE_NOTHING);
        assertEquals(200, purge.statusCode(), purge.body());
        assertServerLogClean();
    }

    @Test
    @Order(3)
    void theConsoleSessionNeedsItsCsrfTokenOnStateChangingRequestsAndEndsWithLogout() throws Exception {
        HttpResponse<String> wrongLogin = login("admin", "not-the-password");
        assertProblem(401, wrongLogin);
        assertTrue(wrongLogin.headers().allValues("Set-Cookie").isEmpty(), "no session for a failed login");

        HttpResponse<String> login = login("admin", Hookcast.ADMIN_PASSWORD);
        assertEquals(200, login.statusCode(), login.body());
        String sessionCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + login.headers().map()));
        String lowerCookie = sessionCookie.toLowerCase(Locale.ROOT);
        assertTrue(lowerCookie.contains("httponly"), sessionCookie);
        assertTrue(lowerCookie.contains("samesite=strict"), sessionCookie);
        String cookie = sessionCookie.split(";", 2)[0];
        String csrfToken = Hookcast.json(login.body()).getString("csrfToken");
        assertTrue(csrfToken.length() >= 32, csrfToken);

        HttpResponse<String> read = send(bare("api/admin/subscribers").header("Cookie", cookie));
        assertEquals(200, read.statusCode(), "reading needs no token: " + read.body());

        HttpResponse<String> noToken = send(bare(PURGE_NOTHING).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(403, noToken);
        HttpResponse<String> wrongToken = send(bare(PURGE_NOTHING).header("Cookie", cookie)
                .header("X-CSRF-Token", csrfToken.substring(1) + "x").POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(403, wrongToken);
        HttpResponse<String> purge = send(bare(PURGE_NOTHING).header("Cookie", cookie)
                .header("X-CSRF-Token", csrfToken).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, purge.statusCode(), purge.body());
        assertEquals(0, Hookcast.json(purge.body()).getInt("purged"));

        HttpResponse<String> logoutWithoutToken = send(bare("api/admin/logout").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(403, logoutWithoutToken);
        HttpResponse<String> logout = send(bare("api/admin/logout").header("Cookie", cookie)
                .header("X-CSRF-Token", csrfToken).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, logout.statusCode(), logout.body());
        HttpResponse<String> after = send(bare("api/admin/subscribers").header("Cookie", cookie));
        assertProblem(401, after);

        // the action log, newest first: logout, the purge made with the session, login
        JsonObject actions = Hookcast.json(hookcast.get("api/admin/actions?limit=3").body());
        List<String> names = actions.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(a -> a.getString("action")).toList();
        assertEquals(List.of("logout", "purge", "login"), names, actions.toString());
        JsonObject purged = actions.getJsonArray("items").getJsonObject(1);
        assertEquals("admin", purged.getString("actor"));
        assertTrue(purged.getString("target").contains("2000-01-01T00:00:00Z"), purged.toString());
        for (JsonObject action : actions.getJsonArray("items").getValuesAs(JsonObject.class)) {
            assertEquals("admin", action.getString("actor"), action.toString());
            assertFalse(action.getString("at").isEmpty());
        }
        assertProblem(400, hookcast.get("api/admin/actions?limit=0"));
        assertServerLogClean();
    }

    @Test
    @Order(4)
    void browsersCannotMakeStateChangingRequestsFromOtherSites() throws Exception {
        HttpResponse<String> crossSite = send(hookcast.request(PURGE_NOTHING).header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(403, crossSite);
        HttpResponse<String> sameOrigin = send(hookcast.request(PURGE_NOTHING).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, sameOrigin.statusCode(), sameOrigin.body());
        assertServerLogClean();
    }

    @Test
    @Order(5)
    void sixWrongPasswordsFromOneAddressAreThrottledEvenForTheRightPassword() throws Exception {
        URI server = URI.create("http://127.0.0.1:" + base.getPort() + "/");
        InetAddress other = InetAddress.getByName("127.0.0.2");
        boolean otherAddress = canConnectFrom(server, other);
        InetAddress client = otherAddress ? other : InetAddress.getByName("127.0.0.1");

        int attempts = 0;
        String sixth;
        do {
            attempts++;
            sixth = rawGet(server, client, Hookcast.basic("admin", "guess-" + attempts));
        } while (RawHttp.status(sixth) == 401 && attempts < 6);
        assertEquals(429, RawHttp.status(sixth), sixth);
        if (otherAddress) {
            assertEquals(6, attempts, "five failures are answered 401, the sixth attempt 429");
        } // else this address already failed in the tests before: it is refused sooner
        long retryAfter = Long.parseLong(header(sixth, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(header(sixth, "Content-Type").startsWith("application/problem+json"), sixth);

        String right = rawGet(server, client, Hookcast.ADMIN_AUTHORIZATION);
        assertEquals(429, RawHttp.status(right), "the right password, within the window: " + right);
        try (RawHttp http = new RawHttp(server, client)) {
            String body = "{\"user\":\"admin\",\"password\":\"" + Hookcast.ADMIN_PASSWORD + "\"}";
            http.write("POST /api/admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            String head = http.readHead();
            assertEquals(429, RawHttp.status(head), "the console's login too: " + head);
        }
        if (otherAddress) {
            assertEquals(200, hookcast.get("api/admin/subscribers").statusCode(), "another address is not throttled");
        }
        assertServerLogClean();
    }

    /**
     * Wrong passwords sent at once from one address, over Basic and the console's login: five are
     * evaluated (401), every other one is refused (429), as the throttle's check and count are one
     * step. From its own loopback address, so that no other test's failures count.
     */
    @Test
    @Order(6)
    void concurrentWrongPasswordsFromOneAddressAreEvaluatedFiveTimesAtMost() throws Exception {
        URI server = URI.create("http://127.0.0.1:" + base.getPort() + "/");
        InetAddress client = InetAddress.getByName("127.0.0.3");
        Assumptions.assumeTrue(canConnectFrom(server, client), "needs another loopback address");
        int guesses = 30;
        ExecutorService threads = Executors.newFixedThreadPool(guesses);
        try {
            CountDownLatch connected = new CountDownLatch(guesses);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String guess = "guess-" + i;
                boolean console = i % 3 == 0;
                answers.add(threads.submit(() -> {
                    try (RawHttp http = new RawHttp(server, client)) {
                        connected.countDown();
                        connected.await(30, TimeUnit.SECONDS);
                        if (console) {
                            String body = "{\"user\":\"admin\",\"password\":\"" + guess + "\"}";
                            http.write("POST /api/admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: " + body.length()
                                    + "\r\nConnection: close\r\n\r\n" + body);
                        } else {
                            http.write("GET /api/admin/subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                                    + Hookcast.basic("admin", guess) + "\r\nConnection: close\r\n\r\n");
                        }
                        return RawHttp.status(http.readHead());
                    }
                }));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertEquals(Map.of(401, 5, 429, guesses - 5), statuses);
        } finally {
            threads.shutdownNow();
        }
        assertServerLogClean();
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return send(bare("api/admin/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")));
    }

    private static String rawGet(URI server, InetAddress client, String authorization) throws IOException {
        try (RawHttp http = new RawHttp(server, client)) {
            http.write("GET /api/admin/subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n");
            return http.readHead();
        }
    }

    private static boolean canConnectFrom(URI server, InetAddress local) {
        try (RawHttp probe = new RawHttp(server, local)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + head);
    }
}
