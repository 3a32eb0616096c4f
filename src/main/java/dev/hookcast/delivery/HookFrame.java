package dev.hookcast.delivery;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.hookcast.audit.Header;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.platform.Json;
import dev.hookcast.platform.Rfc3339;
import jakarta.json.stream.JsonParser;
import jakarta.websocket.Session;

/** Builds the {@code "type":"hook"} frame of docs/API.md, once per hook. */
final class HookFrame {

    /** Headers that never reach a subscriber: hop-by-hop, credentials and signatures. */
    private static final Set<String> WITHHELD = Set.of("connection", "keep-alive", "transfer-encoding",
            "upgrade", "te", "trailer", "authorization", "cookie", "webhook-signature", "x-hub-signature",
            "x-hub-signature-256", "stripe-signature");

    /** The signature headers, let through in {@link Form#EXACT_SIGNED} frames only. */
    static final Set<String> SIGNATURES = Set.of("webhook-signature", "x-hub-signature", "x-hub-signature-256",
            "stripe-signature");

    /** The subscription's query parameter that asks for the exact body: {@code body=exact}. */
    static final String BODY_PARAMETER = "body";
    static final String EXACT_BODY = "exact";
    /** The session's user property holding its {@link Form}. */
    static final String FORM = "hookcast.form";

    /**
     * The form of a subscriber's hook frames. {@code STANDARD} is the frame of docs/API.md;
     * {@code EXACT} ({@code ?body=exact}) always carries the body as base64 of its exact bytes;
     * {@code EXACT_SIGNED} also carries the signature headers, for a channel with
     * {@code forwardSignatures} (which only a channel with a subscriber token can have).
     */
    enum Form {
        STANDARD, EXACT, EXACT_SIGNED;

        /** The form a subscription asks for, with its {@code body} parameter (null when absent). */
        static Form asked(String body, boolean forwardSignatures) {
            if (!EXACT_BODY.equals(body)) {
                return STANDARD;
            }
            return forwardSignatures ? EXACT_SIGNED : EXACT;
        }

        /** The form noted at the session's handshake; STANDARD when none was. */
        static Form of(Session session) {
            Map<String, Object> properties = session.getUserProperties();
            return properties != null && properties.get(FORM) instanceof Form form ? form : STANDARD;
        }
    }

    /** One hook's frames, each form serialized once, when a subscriber first needs it. Used by one thread. */
    static final class Frames {

        private final HookAccepted hook;
        private final boolean replay;
        private final Frame[] built = new Frame[Form.values().length];

        Frames(HookAccepted hook, boolean replay) {
            this.hook = hook;
            this.replay = replay;
        }

        Frame of(Subscriber subscriber) {
            int form = subscriber.form.ordinal();
            Frame frame = built[form];
            if (frame == null) {
                frame = encode(hook, replay, subscriber.form);
                built[form] = frame;
            }
            return frame;
        }
    }

    /**
     * The deepest JSON body embedded as JSON. The frame adds a level, and common parsers refuse
     * documents nested deeper than 1,000 (JSON-P's Parsson, Jackson): a deeper body goes out as
     * text, which every subscriber can read.
     */
    static final int MAX_JSON_DEPTH = 512;

    private HookFrame() {
    }

    /** The frame of a committed hook (live, caught up or replayed). */
    static Frame encode(HookAccepted hook, boolean replay) {
        return encode(hook, replay, Form.STANDARD);
    }

    /** The frame of a committed hook in the given form. */
    static Frame encode(HookAccepted hook, boolean replay, Form form) {
        return encode(hook.id(), hook.channel(), hook.receivedAt(), hook.contentType(), hook.headers(), hook.body(),
                replay, form);
    }

    static Frame encode(long id, String channel, Instant receivedAt, String contentType, List<Header> headers,
            byte[] body, boolean replay) {
        return encode(id, channel, receivedAt, contentType, headers, body, replay, Form.STANDARD);
    }

    static Frame encode(long id, String channel, Instant receivedAt, String contentType, List<Header> headers,
            byte[] body, boolean replay, Form form) {
        if (body == null) {
            body = new byte[0];
        }
        StringBuilder out = new StringBuilder(256 + body.length + body.length / 3);
        out.append("{\"type\":\"hook\",\"id\":\"").append(id).append("\",\"channel\":");
        Json.quote(channel, out);
        out.append(",\"receivedAt\":\"");
        Rfc3339.MILLIS.formatTo(receivedAt, out);
        out.append("\",\"contentType\":");
        if (contentType == null) {
            out.append("null");
        } else {
            Json.quote(contentType, out);
        }
        out.append(",\"headers\":{");
        boolean first = true;
        for (Map.Entry<String, String> header : visibleHeaders(headers, form == Form.EXACT_SIGNED).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.quote(header.getKey(), out);
            out.append(':');
            Json.quote(header.getValue(), out);
        }
        out.append('}');
        if (form == Form.STANDARD) {
            appendPayload(body, out);
        } else {
            appendBase64(body, out);
        }
        out.append(",\"replay\":").append(replay).append('}');
        String text = out.toString();
        return new Frame(id, text, utf8Length(text), replay, receivedAt.toEpochMilli(), null);
    }

    static Map<String, String> visibleHeaders(List<Header> headers) {
        return visibleHeaders(headers, false);
    }

    /** The headers a frame shows; with {@code signatures}, the signature headers too. */
    static Map<String, String> visibleHeaders(List<Header> headers, boolean signatures) {
        Map<String, String> visible = new LinkedHashMap<>();
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if ((!WITHHELD.contains(name) || signatures && SIGNATURES.contains(name)) && !name.startsWith("proxy-")) {
                visible.merge(name, header.value(), (a, b) -> a + ", " + b);
            }
        }
        return visible;
    }

    private static void appendBase64(byte[] body, StringBuilder out) {
        out.append(",\"encoding\":\"base64\",\"payload\":\"")
                .append(Base64.getEncoder().encodeToString(body)).append('"');
    }

    private static void appendPayload(byte[] body, StringBuilder out) {
        String text = utf8(body);
        if (text == null) {
            appendBase64(body, out);
        } else if (!text.isBlank() && isJson(text)) {
            out.append(",\"encoding\":\"json\",\"payload\":").append(text.strip());
        } else {
            out.append(",\"encoding\":\"text\",\"payload\":");
            Json.quote(text, out);
        }
    }

    /** The body as text if it is valid UTF-8, else null. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * True when the text is exactly one JSON value (surrounding white space allowed) nested at
     * most {@link #MAX_JSON_DEPTH} deep. Whatever the parser cannot take, for any reason, is
     * simply not JSON here: the body then goes out as text, so no body can fail its frame.
     */
    static boolean isJson(String text) {
        try (JsonParser parser = Json.PROVIDER.createParser(new StringReader(text))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_ARRAY, START_OBJECT -> {
                        if (++depth > MAX_JSON_DEPTH) {
                            return false;
                        }
                    }
                    case END_ARRAY, END_OBJECT -> depth--;
                    default -> {
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int utf8Length(CharSequence text) {
        int bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
