package dev.hookcast.ingest;

import dev.hookcast.platform.Problem;

/**
 * Where a hook request's answer goes: a JAX-RS {@code AsyncResponse} ({@link ResumedAnswer}) for a
 * body that came whole with its headers, the request's own servlet async context
 * ({@link CompletedAnswer}) for one read after them. Only the first answer counts; later ones do nothing.
 */
interface Answer {

    /** Answers {@code status} (202, or 200 for a duplicate) with the stored hook's JSON and its location. */
    void stored(int status, String json, String location);

    /** Answers with the problem. */
    void problem(Problem problem);

    /** From now on: answers 503 if nothing else was answered within {@code seconds}. */
    void deadline(long seconds);

    /** The 503 of {@link #deadline}. */
    static Problem late() {
        return Problem.unavailable("The audit store did not commit the hook in time.");
    }
}
