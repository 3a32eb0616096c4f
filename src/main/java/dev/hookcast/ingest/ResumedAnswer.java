package dev.hookcast.ingest;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import dev.hookcast.platform.Problem;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The answer of a request that JAX-RS suspended, resumed through the request's {@link AnswerGate}. */
final class ResumedAnswer implements Answer {

    private final AsyncResponse response;
    private final AnswerGate gate;

    ResumedAnswer(AsyncResponse response, AnswerGate gate) {
        this.response = response;
        this.gate = gate;
    }

    @Override
    public void stored(int status, String json, String location) {
        resume(Response.status(status).entity(json).type(MediaType.APPLICATION_JSON_TYPE)
                .location(URI.create(location)).build());
    }

    @Override
    public void problem(Problem problem) {
        resume(problem.toResponse());
    }

    @Override
    public void deadline(long seconds) {
        response.setTimeout(seconds, TimeUnit.SECONDS);
        response.setTimeoutHandler(late -> late.resume(Answer.late().toResponse()));
    }

    private void resume(Response answer) {
        gate.answer(() -> response.resume(answer));
    }
}
