package dev.hookcast.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Whether the application has started: until every start-up singleton has finished its start (the
 * schema migrated, the threads running), and again once it begins to stop, every request to the
 * WAR is answered {@code 503} problem+json with {@code Retry-After} here, before it reaches
 * anything of Hookcast's.
 *
 * <p>The reason is more than politeness. A request that calls an EJB singleton before the
 * container has initialized it initializes it on the request's thread; from a thread of another
 * module (Payara's MicroProfile Health servlet, whose probes run Hookcast's checks while the WAR
 * deploys) that initialization fails (Payara injects the singleton as if it were an application
 * client's class: "must be declared static"), and a singleton whose initialization failed stays
 * failed: the deployment never becomes ready. So whatever runs outside this filter (the health
 * checks, the metrics' gauges) asks {@link #isOpen} before it touches a bean.
 *
 * <p>The state is static: it is the application's (one class loader per deployment) and must be
 * readable from any thread without a container lookup. {@code operations.Started}, a start-up
 * singleton that depends on all the others, opens the gate and closes it first at shutdown.
 * Declared in {@code web.xml}, so that it comes before every annotated filter.
 */
public class StartGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private enum State { STARTING, STARTED, STOPPING }

    private static volatile State state = State.STARTING;

    /** Every start-up singleton has started: requests go through. */
    public static void open() {
        state = State.STARTED;
    }

    /** The application is stopping: new requests are refused again. */
    public static void close() {
        state = State.STOPPING;
    }

    /** True between the end of the start and the beginning of the stop. */
    public static boolean isOpen() {
        return state == State.STARTED;
    }

    /** The answer while the gate is shut: 503 with {@code Retry-After}. */
    public static Problem refusal() {
        return Problem.unavailable(state == State.STOPPING ? "The server is stopping." : "The server is starting; try again shortly.");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isOpen()) {
            chain.doFilter(request, response);
        } else {
            refusal().writeTo(response);
        }
    }
}
