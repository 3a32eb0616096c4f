package dev.hookcast.bench.noop;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /hooks/{channel}}: reads the body and answers 202 with a fresh id, in the shape of
 * Hookcast's answer ({@code {"id":"N"}}) so the benchmark's ingest checks pass; stores nothing.
 */
@ApplicationScoped
@Path("{channel}")
public class NoopHooks {

    private final AtomicLong ids = new AtomicLong();

    @POST
    public Response post(@PathParam("channel") String channel, byte[] body) {
        return Response.accepted("{\"id\":\"" + ids.incrementAndGet() + "\",\"bytes\":" + body.length + "}")
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
