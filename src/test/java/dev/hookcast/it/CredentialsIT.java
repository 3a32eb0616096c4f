package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** A sender's credentials are not kept, shown or sent; URLs are not built from what a request names. */
class CredentialsIT extends AgainstDeployment {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REDACTED = "[redacted]";

    @Test
    void credentialHeadersAreRedactedWhileSignaturesStillVerifyAndAreForwarded() throws Exception {
        String channel = Hookcast.uniqueChannel("creds");
        String secret = "github-secret-for-redaction";
        String token = "tok_redaction_0123456789";
        HttpResponse<String> configured = hookcast.configure(channel, "{\"signing\":{\"scheme\":\"github\",\"secret\":\""
                + secret + "\"},\"subscriberToken\":\"" + token + "\",\"forwardSignatures\":true}");
        assertEquals(200, configured.statusCode(), configured.body());
        TestSubscriber exact = TestSubscriber.connectWithHeader(hookcast.http(),
                URI.create(hookcast.ws(channel) + "?body=exact"), "Authorization", "Bearer " + token);
        TestSubscriber plain = TestSubscriber.connectWithHeader(hookcast.http(), hookcast.ws(channel),
                "Authorization", "Bearer " + token);

        String body = "{\"action\":\"opened\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> accepted = hookcast.post(channel, "application/json", body.getBytes(StandardCharsets.UTF_8),
                "X-Hub-Signature-256", signature, "Authorization", "Bearer sender-secret-1",
                "Cookie", "session=sender-secret-2", "X-Api-Key", "sender-secret-3",
                "X-Auth-Token", "sender-secret-4", "X-Gitlab-Token", "sender-secret-5",
                "X-GitHub-Event", "pull_request");
        assertEquals(202, accepted.statusCode(), "the signature is checked on the headers as received: "
                + accepted.body());
        String id = Hookcast.json(accepted.body()).getString("id");

        JsonObject forwarded = exact.await(1, WAIT).get(0);
        assertEquals(id, forwarded.getString("id"));
        JsonObject headers = forwarded.getJsonObject("headers");
        assertEquals(signature, headers.getString("x-hub-signature-256"), "signatures are forwarded as they came");
        assertEquals(REDACTED, headers.getString("x-api-key"));
        assertEquals(REDACTED, headers.getString("x-gitlab-token"));
        assertEquals("pull_request", headers.getString("x-github-event"));
        assertFalse(forwarded.toString().contains("sender-secret"), forwarded.toString());
        JsonObject standard = plain.await(1, WAIT).get(0);
        assertFalse(standard.toString().contains("sender-secret"), standard.toString());
        assertFalse(standard.getJsonObject("headers").containsKey("x-hub-signature-256"));

        HttpResponse<String> detail = hookcast.get("api/admin/hooks/" + id);
        assertEquals(200, detail.statusCode(), detail.body());
        assertFalse(detail.body().contains("sender-secret"), detail.body());
        JsonArray pairs = Hookcast.json(detail.body()).getJsonArray("headers");
        for (String name : new String[] {"authorization", "cookie", "x-api-key", "x-auth-token",
                "x-gitlab-token"}) {
            assertEquals(REDACTED, value(pairs, name), name + " is present, its value is not: " + pairs);
        }
        assertEquals(signature, value(pairs, "x-hub-signature-256"));

        // the store itself holds no credential: a text search of the headers as stored finds none
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> search = hookcast.get("api/admin/hooks?channel=" + channel + "&q=sender-secret-" + i);
            assertEquals(200, search.statusCode(), search.body());
            assertEquals(0, Hookcast.json(search.body()).getJsonArray("items").size(), search.body());
        }
        HttpResponse<String> pr = hookcast.get("api/admin/hooks?channel=" + channel + "&q=pull_request");
        assertEquals(1, Hookcast.json(pr.body()).getJsonArray("items").size(), pr.body());
        JsonObject verified = Hookcast.json(hookcast.get("api/admin/channels/" + channel + "/verify").body());
        assertEquals(1, verified.getInt("verified"));
        assertTrue(verified.isNull("firstBroken"));
        assertServerLogClean();
    }

    private static String value(JsonArray pairs, String name) {
        for (JsonValue pair : pairs) {
            JsonArray header = pair.asJsonArray();
            if (header.getString(0).toLowerCase(Locale.ROOT).equals(name)) {
                return header.getString(1);
            }
        }
        throw new AssertionError("no header " + name + " in " + pairs);
    }

    @Test
    void locationIsBuiltFromTheListenerNotFromTheHostHeader() throws Exception {
        String channel = Hookcast.uniqueChannel("host");
        String head;
        try (RawHttp raw = new RawHttp(hookcast.uri("/"))) {
            raw.write("POST /hooks/" + channel + " HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
            head = raw.readHead();
        }
        assertEquals(202, RawHttp.status(head), head);
        Matcher location = Pattern.compile("(?im)^Location: *(\\S+)").matcher(head);
        assertTrue(location.find(), head);
        URI uri = URI.create(location.group(1));
        assertFalse(uri.toString().contains("evil.example"), uri.toString());
        assertTrue(uri.getHost().equals("127.0.0.1") || uri.getHost().equals(base.getHost()), uri.toString());
        assertEquals(base.getPort(), uri.getPort(), uri.toString());
        assertTrue(uri.getPath().matches("/api/admin/hooks/\\d+"), uri.toString());
        HttpResponse<String> stored = hookcast.get(uri.getPath().substring(1));
        assertEquals(200, stored.statusCode(), "the Location names the stored hook: " + stored.body());
        assertServerLogClean();
    }
}
