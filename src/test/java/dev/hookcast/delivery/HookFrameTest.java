package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.hookcast.audit.Header;
import jakarta.json.Json;
import jakarta.json.JsonObject;

class HookFrameTest {

    private static final Instant AT = Instant.parse("2026-11-22T07:00:01.002Z");

    private static JsonObject frame(String contentType, byte[] body, Header... headers) {
        Frame frame = HookFrame.encode(42, "orders", AT, contentType, List.of(headers), body, false);
        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.bytes(), "UTF-8 length");
        return Json.createReader(new StringReader(frame.text())).readObject();
    }

    @Test
    void jsonBodyIsEmbeddedAsItsValue() {
        JsonObject frame = frame("application/json", " {\"a\":[1,{\"b\":null}]} \n".getBytes());
        assertEquals("hook", frame.getString("type"));
        assertEquals("42", frame.getString("id"));
        assertEquals("orders", frame.getString("channel"));
        assertEquals("2026-11-22T07:00:01.002Z", frame.getString("receivedAt"));
        assertEquals("json", frame.getString("encoding"));
        assertEquals(1, frame.getJsonObject("payload").getJsonArray("a").getInt(0));
        assertFalse(frame.getBoolean("replay"));
    }

    @Test
    void topLevelScalarsAreJson() {
        assertEquals("json", frame(null, "42".getBytes()).getString("encoding"));
        assertEquals("json", frame(null, "\"s\"".getBytes()).getString("encoding"));
        assertEquals("json", frame(null, "null".getBytes()).getString("encoding"));
    }

    @Test
    void invalidJsonIsText() {
        for (String body : List.of("{\"a\":1} x", "{\"a\":", "[1,]", "NaN", "   ", "{'a':1}")) {
            JsonObject frame = frame("application/json", body.getBytes());
            assertEquals("text", frame.getString("encoding"), body);
            assertEquals(body, frame.getString("payload"));
        }
    }

    @Test
    void textEscapesControlCharactersAndKeepsUnicode() {
        String body = "tab\there \u0001 \"q\" \\ é 😀 \u2028";
        JsonObject frame = frame("text/plain", body.getBytes(StandardCharsets.UTF_8));
        assertEquals("text", frame.getString("encoding"));
        assertEquals(body, frame.getString("payload"));
    }

    @Test
    void invalidUtf8IsBase64() {
        JsonObject frame = frame("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xc3});
        assertEquals("base64", frame.getString("encoding"));
        assertEquals("iVBORwDD", frame.getString("payload"));
    }

    @Test
    void emptyBodyIsEmptyTextAndMissingContentTypeIsNull() {
        JsonObject frame = frame(null, new byte[0]);
        assertEquals("text", frame.getString("encoding"));
        assertEquals("", frame.getString("payload"));
        assertTrue(frame.isNull("contentType"));
    }

    @Test
    void headersAreLowerCasedJoinedAndFiltered() {
        JsonObject headers = frame("application/json", "{}".getBytes(),
                new Header("X-Multi", "a"), new Header("x-multi", "b"), new Header("Authorization", "Bearer t"),
                new Header("Cookie", "c=1"), new Header("Proxy-Authorization", "x"), new Header("Connection", "close"),
                new Header("Keep-Alive", "5"), new Header("Transfer-Encoding", "chunked"), new Header("TE", "trailers"),
                new Header("Trailer", "x"), new Header("Upgrade", "h2c"), new Header("X-Hub-Signature", "sha1=0"),
                new Header("X-Hub-Signature-256", "sha256=0"), new Header("Stripe-Signature", "t=1"),
                new Header("Webhook-Signature", "v1,x"), new Header("Webhook-Id", "msg_1"),
                new Header("Content-Type", "application/json")).getJsonObject("headers");
        assertEquals("a, b", headers.getString("x-multi"));
        assertEquals("msg_1", headers.getString("webhook-id"));
        assertEquals("application/json", headers.getString("content-type"));
        assertEquals(3, headers.size(), headers.toString());
    }

    @Test
    void replayFlagIsCarried() {
        Frame frame = HookFrame.encode(1, "c", AT, null, List.of(), new byte[0], true);
        assertTrue(frame.text().endsWith("\"replay\":true}"));
    }

    @Test
    void jsonNestedBeyondWhatParsersTakeGoesOutAsText() {
        String deep = "[".repeat(1_000) + "]".repeat(1_000);
        JsonObject frame = frame("application/json", deep.getBytes());
        assertEquals("text", frame.getString("encoding"));
        assertEquals(deep, frame.getString("payload"));
        String nested = "[".repeat(HookFrame.MAX_JSON_DEPTH) + "]".repeat(HookFrame.MAX_JSON_DEPTH);
        assertEquals("json", frame("application/json", nested.getBytes()).getString("encoding"));
        String deeper = "{\"a\":" + nested + "}";
        assertEquals("text", frame("application/json", deeper.getBytes()).getString("encoding"));
    }

    /** The general rule behind issue 16 item 1: no body can fail its frame, and every frame carries its body exactly. */
    @Test
    void everyBodyMakesAFrameThatCarriesItExactly() {
        String[] tokens = {"[", "]", "{", "}", "\"", "\\", ":", ",", "1", "-0.5e9", "true", "null", " ", "\n", "\u0000",
            "é", "😀", "\ud800", "a", "[[[[[[[[", "]]]]]]]]"};
        Random random = new Random(16);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(tokens[random.nextInt(tokens.length)]);
            }
            byte[] body = random.nextInt(10) == 0 ? randomBytes(random) : text.toString().getBytes(StandardCharsets.UTF_8);
            JsonObject frame = frame("application/json", body);
            byte[] carried = switch (frame.getString("encoding")) {
                case "base64" -> Base64.getDecoder().decode(frame.getString("payload"));
                case "text" -> frame.getString("payload").getBytes(StandardCharsets.UTF_8);
                default -> frame.get("payload").toString().getBytes(StandardCharsets.UTF_8);
            };
            if (frame.getString("encoding").equals("json")) {
                assertEquals(Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readValue(),
                        frame.get("payload"), new String(body, StandardCharsets.UTF_8));
            } else {
                assertEquals(Arrays.toString(body), Arrays.toString(carried));
            }
        }
    }

    @Test
    void exactFormCarriesTheExactBytesAsBase64AndSignaturesOnlyWhenAllowed() {
        byte[] body = " {\"a\": 1}\r\n".getBytes(StandardCharsets.UTF_8);
        List<Header> headers = List.of(new Header("Content-Type", "application/json"),
                new Header("X-Hub-Signature-256", "sha256=ab"), new Header("Stripe-Signature", "t=1,v1=cd"),
                new Header("webhook-signature", "v1,ef"), new Header("Authorization", "Bearer x"),
                new Header("Connection", "close"), new Header("X-Custom", "1"), new Header("x-custom", "2"));
        Frame standard = HookFrame.encode(42, "orders", AT, "application/json", headers, body, false);
        assertEquals(standard.text(), HookFrame.encode(42, "orders", AT, "application/json", headers, body, false,
                HookFrame.Form.STANDARD).text(), "the default frame is the standard form");
        for (HookFrame.Form form : List.of(HookFrame.Form.EXACT, HookFrame.Form.EXACT_SIGNED)) {
            Frame frame = HookFrame.encode(42, "orders", AT, "application/json", headers, body, false, form);
            assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.bytes(), "UTF-8 length");
            JsonObject json = Json.createReader(new StringReader(frame.text())).readObject();
            assertEquals("base64", json.getString("encoding"));
            assertEquals(Arrays.toString(body), Arrays.toString(Base64.getDecoder().decode(json.getString("payload"))));
            JsonObject shown = json.getJsonObject("headers");
            assertEquals("1, 2", shown.getString("x-custom"));
            assertFalse(shown.containsKey("authorization"));
            assertFalse(shown.containsKey("connection"));
            boolean signed = form == HookFrame.Form.EXACT_SIGNED;
            assertEquals(signed, shown.containsKey("x-hub-signature-256"), form.name());
            assertEquals(signed, shown.containsKey("stripe-signature"), form.name());
            assertEquals(signed, shown.containsKey("webhook-signature"), form.name());
            if (signed) {
                assertEquals("sha256=ab", shown.getString("x-hub-signature-256"));
            }
        }
        assertEquals(HookFrame.Form.STANDARD, HookFrame.Form.asked(null, true));
        assertEquals(HookFrame.Form.EXACT, HookFrame.Form.asked("exact", false));
        assertEquals(HookFrame.Form.EXACT_SIGNED, HookFrame.Form.asked("exact", true));
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
    }
}
