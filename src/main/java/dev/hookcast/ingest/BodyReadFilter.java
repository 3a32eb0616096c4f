package dev.hookcast.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.channel.ChannelName;
import dev.hookcast.channel.ChannelSettings;
import dev.hookcast.channel.Channels;
import dev.hookcast.platform.NoServiceFiles;
import dev.hookcast.platform.Problem;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Reads a hook's body with non-blocking reads, so that no worker thread waits on a silent sender:
 * with blocking reads, as many stalled bodies as the container has workers (200 in Payara Micro)
 * stopped every other request. A body that came whole with its headers (the container holds all of
 * it) is taken at once and the request goes straight on to {@link IngestResource} through JAX-RS;
 * any other is buffered as it arrives, up to the size limit plus one byte (never more), and the
 * thread that reads its end hands it to {@link IngestResource#take} itself, answering through the
 * request's servlet async context ({@link CompletedAnswer}). Either way a {@link Body} says what came of it.
 * The channel's rate limit is taken first; requests whose headers settle the answer (a bad channel
 * name, over the rate limit, a declared length over the limit) go on unread, and at most
 * {@code hookcast.ingest.max-reading-per-address} bodies are awaited at once per address.
 * An error that JAX-RS or the container answers with {@code sendError} (a header it cannot parse)
 * leaves as problem+json too, instead of the container's HTML page.
 *
 * <p>Never {@code AsyncContext.dispatch} from the reading thread: Payara (6.2025.10) loses a dispatch
 * issued from another thread while the request's first dispatch is still returning. Its
 * {@code AsyncContextImpl.dispatch} sees that dispatch in progress and leaves a handler for it to
 * run on its way out, but the field is written after the check, without synchronisation, so the
 * returning thread can look before it is there: the request is never dispatched and never answered,
 * not even by the container's async timeout. A body whose last bytes arrive just as the request's
 * first dispatch returns is exactly that case (CI saw a POST left unanswered for 30 and 60 s).
 */
@WebFilter(urlPatterns = "/" + IngestResource.PATH + "/*", asyncSupported = true)
public class BodyReadFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(BodyReadFilter.class.getName());
    private static final String PREFIX = "/" + IngestResource.PATH + "/";
    private static final byte[] EMPTY = {};
    private static final int FIRST_BUFFER = 16 * 1024;
    private static final Pattern QUALITY = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?|\\.\\d{1,3}");

    @Inject
    Channels channels;

    @Inject
    IngestResource ingest;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.read-timeout", defaultValue = "30s")
    Duration readTimeout;

    @Inject
    IngestLimits limits;

    @Inject
    @ConfigProperty(name = "hookcast.ingest.max-reading-per-address", defaultValue = "32")
    int maxReadingPerAddress;

    /** Bodies being read, per remote address; an address with none has no entry. */
    private final ConcurrentHashMap<String, Integer> reading = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response = new ProblemErrors(response);
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String channel = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        if (!ChannelName.isValid(channel)) {
            request.setAttribute(Body.ATTRIBUTE, Body.of(Body.State.UNREAD, limits.limit(null), null));
            chain.doFilter(request, response);
            return;
        }
        ChannelSettings settings;
        try {
            settings = channels.settings(channel);
        } catch (Problem unavailable) {
            ((ProblemErrors) response).answer(unavailable);
            return;
        }
        long limit = limits.limit(settings);
        long wait = channels.acquire(settings);
        long declared = request.getContentLengthLong();
        if (wait > 0) {
            // the rate limit counts every request before its body is read
            request.setAttribute(Body.ATTRIBUTE, new Body(Body.State.RATE_LIMITED, null, limit, wait, settings));
            chain.doFilter(request, response);
            return;
        }
        if (!parses(request.getContentType())) {
            // JAX-RS would refuse it with the container's HTML error page, before the resource could audit it.
            request.setAttribute(Body.ATTRIBUTE, Body.of(Body.State.BAD_TYPE, limit, settings));
            chain.doFilter(new WithoutContentType(request), response);
            return;
        }
        if (declared > limit || declared < 0 && request.getHeader("Upgrade") != null) {
            request.setAttribute(Body.ATTRIBUTE, Body.of(Body.State.UNREAD, limit, settings));
            chain.doFilter(request, response);
            return;
        }
        if (declared == 0) {
            request.setAttribute(Body.ATTRIBUTE, Body.read(EMPTY, limit, settings));
            chain.doFilter(request, response);
            return;
        }
        ServletInputStream in = request.getInputStream();
        if (declared > 0 && in.available() >= declared) {
            // The whole body came with the headers (the common case): taking it waits for nothing,
            // so it is taken here, with no asynchronous cycle, and counts against no address.
            request.setAttribute(Body.ATTRIBUTE, takeWhole(in, (int) declared, limit, settings));
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        if (reading.merge(address, 1, Integer::sum) > maxReadingPerAddress) {
            release(address);
            request.setAttribute(Body.ATTRIBUTE, Body.of(Body.State.BUSY, limit, settings));
            chain.doFilter(request, response);
            return;
        }
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (RuntimeException e) {
            release(address);
            throw e;
        }
        // From here on the reader releases the address when it finishes, whichever way. The read
        // deadline and the answer deadline after it are tasks of their own; the context's timeout
        // is only the backstop behind both.
        async.setTimeout(readTimeout.toMillis() + IngestResource.ANSWER_DEADLINE_SECONDS * 2_000);
        AnswerGate gate = new AnswerGate();
        Reader reader = new Reader(channel, settings, async, in, address, limit, declared,
                new CompletedAnswer(async, gate, scheduler));
        try {
            async.addListener(reader);
            reader.late = NoServiceFiles.schedule(scheduler, () -> reader.finish(reader.body(Body.State.LATE)),
                    readTimeout);
            in.setReadListener(reader);
        } finally {
            // an answer given meanwhile (the whole body was there by now) is written on this thread, now
            gate.open();
        }
    }

    /** The body of {@code length} bytes that {@code in} holds already. */
    private static Body takeWhole(ServletInputStream in, int length, long limit, ChannelSettings settings) {
        try {
            byte[] bytes = in.readNBytes(length);
            return bytes.length == length ? Body.read(bytes, limit, settings) : Body.of(Body.State.BROKEN, limit, settings);
        } catch (IOException broken) {
            return Body.of(Body.State.BROKEN, limit, settings);
        }
    }

    private void release(String address) {
        reading.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    private static boolean parses(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the Accept headers parse as JAX-RS reads them: media types, each with a q of 0 to 1, three decimals at most. */
    private static boolean acceptParses(HttpServletRequest request) {
        for (String value : Collections.list(request.getHeaders("Accept"))) {
            for (String element : value.split(",")) {
                if (element.isBlank()) {
                    continue;
                }
                try {
                    String q = MediaType.valueOf(element.strip()).getParameters().get("q");
                    if (q != null && !QUALITY.matcher(q).matches()) {
                        return false;
                    }
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Fills the buffer as data arrives and, once, hands the outcome to {@link IngestResource#take}
     * on the thread that has it: complete, over the limit, late (the read timeout) or broken.
     */
    private final class Reader implements ReadListener, AsyncListener {

        private final String channel;
        private final ChannelSettings settings;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final String address;
        private final long limit;
        private final long declared;
        private final int cap;
        private final CompletedAnswer answer;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ScheduledFuture<?> late;
        private byte[] bytes;
        private int length;

        Reader(String channel, ChannelSettings settings, AsyncContext async, ServletInputStream in, String address,
                long limit, long declared, CompletedAnswer answer) {
            this.channel = channel;
            this.settings = settings;
            this.async = async;
            this.in = in;
            this.address = address;
            this.limit = limit;
            this.declared = declared;
            this.answer = answer;
            this.cap = (int) Math.min(declared >= 0 ? Math.min(declared, limit + 1) : limit + 1, Integer.MAX_VALUE - 8);
            this.bytes = new byte[Math.min(cap, FIRST_BUFFER)];
        }

        Body body(Body.State state) {
            return Body.of(state, limit, settings);
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished.get() && in.isReady()) {
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(cap, 2L * bytes.length));
                }
                int read = in.read(bytes, length, bytes.length - length);
                if (read < 0) {
                    onAllDataRead();
                    return;
                }
                length += read;
                if (length > limit) {
                    finish(body(Body.State.TOO_LARGE));
                } else if (length == declared) {
                    // Stop at the declared length: the stream of a request that offered a protocol
                    // upgrade does not end there by itself.
                    onAllDataRead();
                }
            }
        }

        @Override
        public void onAllDataRead() {
            finish(Body.read(length == bytes.length ? bytes : Arrays.copyOf(bytes, length), limit, settings));
        }

        @Override
        public void onError(Throwable failure) {
            finish(body(Body.State.BROKEN));
        }

        /** The container's backstop: whatever is still unanswered now is answered. */
        @Override
        public void onTimeout(AsyncEvent event) {
            finish(body(Body.State.LATE));
            answer.problem(Answer.late());
        }

        @Override
        public void onError(AsyncEvent event) {
            finish(body(Body.State.BROKEN));
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // released in finish
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // never started again: nothing is dispatched
        }

        void finish(Body body) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            release(address);
            if (late != null) {
                late.cancel(false);
            }
            HttpServletRequest request = (HttpServletRequest) async.getRequest();
            try {
                if (!acceptParses(request)) {
                    // what JAX-RS refuses before the resource, for the requests that never go through it
                    throw Problem.badRequest("The Accept header is not a list of media types (each with a q of 0 to 1).");
                }
                ingest.take(channel, request, body, answer);
            } catch (Problem problem) {
                answer.problem(problem);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, e, () -> "A hook for channel " + channel + " could not be taken");
                answer.problem(new Problem(500, "Internal Server Error", "The hook could not be taken."));
            }
        }
    }

    /** Answers {@code sendError}, and the filter's own refusals, with a problem document. */
    private static final class ProblemErrors extends HttpServletResponseWrapper {

        ProblemErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            String reason = Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error " + status;
            boolean said = message != null && !message.isBlank() && !message.equals(reason);
            answer(new Problem(status, reason, said ? message
                    : "The request was refused before it reached Hookcast (" + reason + "); a header may be malformed."));
        }

        void answer(Problem problem) throws IOException {
            resetBuffer();
            problem.writeTo(this);
            flushBuffer();
        }
    }

    /** The request without its Content-Type header, for a value JAX-RS cannot parse. */
    private static final class WithoutContentType extends HttpServletRequestWrapper {

        WithoutContentType(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return isContentType(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isContentType(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !isContentType(name)).toList());
        }

        private static boolean isContentType(String name) {
            return "Content-Type".equalsIgnoreCase(name);
        }
    }
}
