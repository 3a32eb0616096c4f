package dev.hookcast.delivery;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /sse/{channel}}: the channel's frames as Server-Sent Events, each hook's event with
 * the hook's id as its {@code id}, so that a browser's {@code EventSource} reconnects with
 * {@code Last-Event-ID} and resumes after it. The stream is a {@link Subscriber} like a WebSocket
 * one (registered, caught up, bounded and pinged the same way) through {@link SseSession}. The
 * token, the channel name, {@code since} and {@code body} are checked first by {@link SubscribeFilter}.
 */
@Path("{channel}")
public class SseResource {

    public static final String PATH = "/sse";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final AtomicLong IDS = new AtomicLong();

    @Inject
    ChannelEndpoint endpoint;

    @Resource
    ManagedExecutorService executor;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@PathParam("channel") String channel, @HeaderParam(LAST_EVENT_ID) String lastEventId,
            @QueryParam(SubscribeConfigurator.SINCE_PARAMETER) String since,
            @QueryParam(HookFrame.BODY_PARAMETER) String body, @Context HttpServletRequest request,
            @Context SseEventSink sink, @Context Sse sse) {
        long after = -1;
        if (lastEventId != null && !lastEventId.isBlank()) {
            // a reconnecting EventSource: after the last event it had, whatever since first asked
            after = SubscribeConfigurator.parseSince(lastEventId.strip());
        } else if (since != null) {
            after = SubscribeConfigurator.parseSince(since);
        }
        SseSession session = new SseSession(sink, sse, executor, endpoint, "sse-" + IDS.incrementAndGet());
        session.properties().put(ChannelEndpoint.REMOTE, request.getRemoteAddr());
        SubscribeConfigurator.note(session.properties(), channel, after, body);
        session.opened();
        endpoint.onOpen(session.session);
    }
}
