package dev.hookcast.ingest;

import java.util.Objects;

import jakarta.servlet.ServletRequest;

/**
 * Holds a request's asynchronous answer until the thread that dispatched the request has left
 * the JAX-RS runtime. The ingest writer can commit a hook (or, backing off, refuse it) before
 * the resource method has finished returning; an {@code AsyncResponse.resume} on the writer's
 * side at that moment makes the JAX-RS runtime (Jersey, in Payara) release the request on the
 * resuming thread while the dispatching thread still uses it, and the client gets a 500
 * "Response is closed" instead of its 202 or 503. {@link AnswerGateFilter} opens the gate when
 * the dispatch has returned; an answer given before that runs then, on the dispatching thread.
 */
final class AnswerGate {

    static final String ATTRIBUTE = AnswerGate.class.getName();

    private boolean open;
    private Runnable held;

    /** The gate {@link AnswerGateFilter} put on this request. */
    static AnswerGate of(ServletRequest request) {
        return Objects.requireNonNull((AnswerGate) request.getAttribute(ATTRIBUTE),
                "AnswerGateFilter is not mapped to this request");
    }

    /** Runs {@code answer} now if the dispatch has returned, otherwise as soon as it does. */
    void answer(Runnable answer) {
        synchronized (this) {
            if (!open) {
                held = answer;
                return;
            }
        }
        answer.run();
    }

    /** The dispatch has returned: runs the answer held meanwhile, if any, on this thread. */
    void open() {
        Runnable answer;
        synchronized (this) {
            open = true;
            answer = held;
            held = null;
        }
        if (answer != null) {
            answer.run();
        }
    }
}
