package dev.hookcast.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hookcast.platform.Json;
import dev.hookcast.platform.NoServiceFiles;
import dev.hookcast.platform.Problem;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The answer of a request whose body {@link BodyReadFilter} read after its headers: written to the
 * servlet response and completed ({@code AsyncContext.complete}), from whichever thread answers,
 * through the request's {@link AnswerGate}. Never an async dispatch: Payara loses one issued from
 * another thread while the request's first dispatch is still returning (see BodyReadFilter).
 */
final class CompletedAnswer implements Answer {

    private final AsyncContext async;
    private final AnswerGate gate;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    CompletedAnswer(AsyncContext async, AnswerGate gate, ScheduledExecutorService scheduler) {
        this.async = async;
        this.gate = gate;
        this.scheduler = scheduler;
    }

    @Override
    public void stored(int status, String json, String location) {
        answer(response -> {
            response.setHeader("Location", location);
            Json.writeTo(response, status, "application/json", json);
        });
    }

    @Override
    public void problem(Problem problem) {
        answer(problem::writeTo);
    }

    @Override
    public void deadline(long seconds) {
        deadline = NoServiceFiles.schedule(scheduler, () -> problem(Answer.late()), Duration.ofSeconds(seconds));
        if (answered.get()) {
            deadline.cancel(false);
        }
    }

    private interface Writing {
        void to(HttpServletResponse response) throws IOException;
    }

    private void answer(Writing writing) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
        gate.answer(() -> {
            try {
                writing.to((HttpServletResponse) async.getResponse());
            } catch (IOException | RuntimeException gone) {
                // the client went away, or the container gave the request up (its timeout): nothing to tell
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException completed) {
                    // the container completed it already (its timeout, or the connection failed)
                }
            }
        });
    }
}
