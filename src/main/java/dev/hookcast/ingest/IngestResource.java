package dev.hookcast.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.audit.Header;
import dev.hookcast.channel.ChannelName;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code POST /hooks/{channel}}: takes any body of any type up to the size limit, and answers
 * 202 once the hook is committed to the audit store.
 */
@Path("{channel}")
public class IngestResource {

    public static final String PATH = "hooks";
    static final String HOOK_LOCATION = "api/admin/hooks/";
    private static final long ANSWER_DEADLINE_SECONDS = 30;
    private static final List<String> DEDUP_HEADERS = List.of("webhook-id", "X-GitHub-Delivery", "Idempotency-Key");
    private static final int MAX_DEDUP_KEY = 256;

    @Inject
    IngestWriter writer;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-bytes", defaultValue = "26214400")
    long maxBytes;

    @POST
    public void ingest(@PathParam("channel") String channel, @Context HttpServletRequest request,
            @Context UriInfo uri, InputStream body, @Suspended AsyncResponse response) {
        if (!ChannelName.isValid(channel)) {
            throw Problem.badRequest("A channel name is 1 to 128 characters: a letter or digit, then letters, "
                    + "digits, '.', '_' or '-'.");
        }
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Header> headers = headersOf(request);
        String contentType = request.getContentType();
        String remote = request.getRemoteAddr();
        long declared = request.getContentLengthLong();
        byte[] bytes;
        try {
            bytes = declared > maxBytes ? null : readAtMost(body, maxBytes);
        } catch (IOException e) {
            throw Problem.badRequest("The request body could not be read: the client stopped sending it, or too slowly.");
        }
        if (bytes == null) {
            long size = Math.max(declared, maxBytes + 1);
            writer.submit(new IncomingHook(channel, receivedAt, contentType, headers, remote, null, 0,
                    dedupKeyOf(request), "body too large: over " + maxBytes + " bytes", null, null));
            throw new Problem(413, "Content Too Large",
                    "The body is over this channel's limit of " + maxBytes + " bytes (" + size + " or more).");
        }
        String locationPrefix = uri.getBaseUri().resolve("../" + HOOK_LOCATION).toString();
        response.setTimeout(ANSWER_DEADLINE_SECONDS, TimeUnit.SECONDS);
        response.setTimeoutHandler(late -> late.resume(
                Problem.unavailable("The audit store did not commit the hook in time.").toResponse()));
        IncomingHook hook = new IncomingHook(channel, receivedAt, contentType, headers, remote, bytes,
                bytes.length, dedupKeyOf(request), null, response, locationPrefix);
        if (!writer.submit(hook)) {
            response.resume(Problem.unavailable("Too many hooks are waiting for the audit store.").toResponse());
        }
    }

    /** The body, or null as soon as it proves longer than {@code limit}: never more is buffered. */
    static byte[] readAtMost(InputStream body, long limit) throws IOException {
        int cap = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
        byte[] bytes = body.readNBytes(cap);
        return bytes.length > limit ? null : bytes;
    }

    /** The sender's delivery id, the first present of the headers that carry one; null if none. */
    static String dedupKeyOf(HttpServletRequest request) {
        for (String name : DEDUP_HEADERS) {
            String value = request.getHeader(name);
            if (value != null && !value.isBlank()) {
                return value.length() > MAX_DEDUP_KEY ? "sha256:" + sha256Hex(value) : value;
            }
        }
        return null;
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private static List<Header> headersOf(HttpServletRequest request) {
        List<Header> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(new Header(name, value));
            }
        }
        return headers;
    }
}
