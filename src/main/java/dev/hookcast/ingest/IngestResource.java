package dev.hookcast.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.hookcast.audit.Header;
import dev.hookcast.channel.ChannelName;
import dev.hookcast.channel.ChannelSettings;
import dev.hookcast.channel.SignatureVerifier;
import dev.hookcast.channel.Verdict;
import dev.hookcast.platform.AdminPaths;
import dev.hookcast.platform.Problem;
import dev.hookcast.platform.PublicBaseUrl;
import dev.hookcast.platform.RelayMetrics;
import dev.hookcast.platform.Sha256;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;

/**
 * {@code POST /hooks/{channel}}: takes any body of any type up to the size limit, and answers
 * 202 once the hook is committed to the audit store. The body arrives already read, by
 * {@link BodyReadFilter}, which holds no thread while a sender is silent; a body that did not come
 * with its headers is taken by the filter itself ({@link #take}), and that request never reaches
 * JAX-RS. One instance serves every request (all that is per request comes in as parameters):
 * creating and injecting a resource per request cost a noticeable share of ingest's CPU.
 */
@ApplicationScoped
@Path("{channel}")
public class IngestResource {

    public static final String PATH = "hooks";
    static final String HOOK_LOCATION = AdminPaths.HOOK;
    static final long ANSWER_DEADLINE_SECONDS = 30;
    private static final List<String> DEDUP_HEADERS = List.of("webhook-id", "X-GitHub-Delivery", "Idempotency-Key");
    private static final int MAX_DEDUP_KEY = 256;

    @Inject
    IngestWriter writer;

    private IngestWriter.Intake intake;

    @Inject
    RelayMetrics metrics;

    @Inject
    PublicBaseUrl publicBaseUrl;

    @PostConstruct
    void start() {
        intake = writer.intake();
    }

    @POST
    public void ingest(@PathParam("channel") String channel, @Context HttpServletRequest request,
            @Suspended AsyncResponse response) {
        take(channel, request, Body.of(request), new ResumedAnswer(response, AnswerGate.of(request)));
    }

    /**
     * Judges a hook request and, when it is to be stored, queues it for the ingest writer, which
     * gives the answer. Throws the problem to answer when the request is refused here. Called by
     * JAX-RS for a body that came whole with its headers, and by {@link BodyReadFilter} on the thread
     * that read the rest of one (that request never reaches JAX-RS).
     */
    void take(String channel, HttpServletRequest request, Body body, Answer answer) {
        // A ';' would start path parameters that the container strips: /hooks/a;b must not land in a.
        if (!ChannelName.isValid(channel) || request.getRequestURI().indexOf(';') >= 0) {
            throw Problem.badRequest("A channel name is 1 to 128 characters: a letter or digit, then letters, "
                    + "digits, '.', '_' or '-'.");
        }
        Arrival arrival = new Arrival(channel, Instant.now().truncatedTo(ChronoUnit.MILLIS), request);
        ChannelSettings settings = body.settings();
        long declared = request.getContentLengthLong();
        if (body.state() == Body.State.RATE_LIMITED) {
            throw arrival.reject("rate_limit", declared, "over the rate limit", new Problem(429,
                    "Too Many Requests", "This channel takes no more hooks for now; retry after the delay given.",
                    Long.toString(body.retryAfter())));
        }
        if (body.state() == Body.State.BUSY) {
            throw arrival.reject("busy", declared, "too many bodies in progress from this address", new Problem(429,
                    "Too Many Requests", "Too many requests from this address are still sending their bodies; "
                    + "retry after the delay given.", "1"));
        }
        if (body.state() == Body.State.BAD_TYPE) {
            throw arrival.reject("content_type", declared, "Content-Type is not a media type", Problem.badRequest(
                    "The Content-Type is not a media type (type/subtype, then parameters as name=value): "
                    + "send a valid one, or none."));
        }
        if (declared < 0 && request.getHeader("Upgrade") != null) {
            // The container hands an upgrade request's body over unframed, so a chunked one would be
            // read until the connection closes. Java's HttpClient offers h2c by default with a
            // Content-Length, which is served over HTTP/1.1 as it should.
            throw arrival.reject("upgrade", 0, "chunked body with Upgrade", Problem.badRequest(
                    "A request that offers a protocol upgrade must declare its Content-Length; "
                    + "send it without Upgrade, or with a Content-Length."));
        }
        long limit = body.limit();
        if (declared > limit || body.state() == Body.State.TOO_LARGE) {
            throw arrival.reject("too_large", Math.max(declared, limit + 1), "body too large: over " + limit + " bytes",
                    new Problem(413, "Content Too Large", "The body is over this channel's limit of " + limit
                            + " bytes."));
        }
        if (body.state() == Body.State.LATE) {
            throw new Problem(408, "Request Timeout", "The body did not arrive in time.");
        }
        if (body.state() == Body.State.BROKEN) {
            throw Problem.badRequest("The request body could not be read: the client stopped sending it.");
        }
        byte[] bytes = body.read();
        String signature = "unsigned";
        if (settings != null && settings.signed()) {
            Verdict verdict = SignatureVerifier.verify(settings.scheme(), settings.secret(), settings.previousSecret(),
                    request::getHeader, bytes, Instant.now());
            if (!verdict.valid()) {
                throw arrival.reject("signature", bytes.length, "signature: " + verdict.reason(), verdict.reason(),
                        new Problem(401, "Unauthorized",
                        "The request is not signed with this channel's secret (" + verdict.reason() + ")."));
            }
            signature = "valid (" + settings.scheme().id() + ")";
        }
        String locationPrefix = publicBaseUrl.resolve(request, HOOK_LOCATION);
        answer.deadline(ANSWER_DEADLINE_SECONDS);
        if (!intake.submit(arrival.accept(bytes, signature, answer, locationPrefix))) {
            answer.problem(Problem.unavailable("Too many hooks are waiting for the audit store."));
        }
    }

    /** What is known of a request before its body is judged; read once, never kept past the handler. */
    private final class Arrival {

        final String channel;
        final Instant receivedAt;
        final List<Header> headers;
        final String contentType;
        final String remote;
        final String dedupKey;

        Arrival(String channel, Instant receivedAt, HttpServletRequest request) {
            this.channel = channel;
            this.receivedAt = receivedAt;
            this.headers = headersOf(request);
            this.contentType = request.getContentType();
            this.remote = request.getRemoteAddr();
            this.dedupKey = dedupKeyOf(request);
        }

        /**
         * Counts the request as rejected for {@code metric} (a short fixed word, see {@link RelayMetrics#rejected}),
         * audits it (counted per channel, reason and minute; the first few of a kind a minute also
         * with their metadata and reason, no body) and returns the problem to answer.
         */
        Problem reject(String metric, long size, String reason, Problem problem) {
            return reject(metric, size, reason, null, problem);
        }

        Problem reject(String metric, long size, String reason, String signature, Problem problem) {
            metrics.rejected(channel, metric);
            intake.reject(new IncomingHook(channel, receivedAt, contentType, headers, remote, null, Math.max(0, size),
                    dedupKey, reason, signature, null, null));
            return problem;
        }

        IncomingHook accept(byte[] body, String signature, Answer answer, String locationPrefix) {
            return new IncomingHook(channel, receivedAt, contentType, headers, remote, body, body.length, dedupKey,
                    null, signature, answer, locationPrefix);
        }
    }

    /** The sender's delivery id, the first present of the headers that carry one; null if none. */
    static String dedupKeyOf(HttpServletRequest request) {
        for (String name : DEDUP_HEADERS) {
            String value = request.getHeader(name);
            if (value != null && !value.isBlank()) {
                return value.length() > MAX_DEDUP_KEY ? "sha256:" + Sha256.hex(value) : value;
            }
        }
        return null;
    }

    /** The request's headers, in order, credentials redacted (signatures were checked on the request's own). */
    private static List<Header> headersOf(HttpServletRequest request) {
        List<Header> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            boolean credential = Header.isCredential(name);
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(new Header(name, credential ? Header.REDACTED : value));
            }
        }
        return headers;
    }
}
