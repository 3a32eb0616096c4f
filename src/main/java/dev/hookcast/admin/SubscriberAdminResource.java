package dev.hookcast.admin;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.channel.ChannelName;
import dev.hookcast.delivery.ChannelEndpoint;
import dev.hookcast.delivery.SubscriberRegistry;
import dev.hookcast.delivery.Subscriber;
import dev.hookcast.platform.Problem;
import dev.hookcast.platform.Rfc3339;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/admin/subscribers}: the sessions connected now, and the kick. */
@Path("subscribers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "subscribers", description = "WebSocket sessions connected now")
public class SubscriberAdminResource {

    @Inject
    ChannelEndpoint endpoint;

    @Inject
    SubscriberRegistry registry;

    @Inject
    AdminAudit audit;

    @GET
    @Operation(summary = "Connected subscribers",
            description = "{\"items\":[{id, channel, remote, connectedAt, delivered, queued, state}]}: delivered counts"
                    + " the frames sent to the session, queued the frames waiting for it; state is catching-up"
                    + " (reading from the audit store), live or closing.")
    @APIResponse(responseCode = "200", description = "The subscribers")
    @APIResponse(responseCode = "400", description = "channel is not a channel name")
    public JsonObject subscribers(@Parameter(description = "Only this channel") @QueryParam("channel") String channel) {
        if (channel != null && !ChannelName.isValid(channel)) {
            throw Problem.badRequest("channel is not a channel name.");
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (Subscriber subscriber : channel == null ? registry.all() : List.of(registry.subscribers(channel))) {
            items.add(Json.createObjectBuilder()
                    .add("id", Long.toString(subscriber.id()))
                    .add("channel", subscriber.channel())
                    .add("remote", subscriber.remote())
                    .add("connectedAt", Rfc3339.format(subscriber.connectedAt()))
                    .add("delivered", subscriber.delivered())
                    .add("queued", subscriber.queued())
                    .add("state", subscriber.state()));
        }
        return Json.createObjectBuilder().add("items", items).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Kick a subscriber: its session is closed with 1008 (policy violation)")
    @APIResponse(responseCode = "204", description = "Closing")
    @APIResponse(responseCode = "404", description = "No such subscriber is connected")
    public void kick(@PathParam("id") String id) {
        long parsed = Numbers.positive(id);
        if (parsed < 1 || !endpoint.kick(parsed)) {
            throw new Problem(404, "Not Found", "No subscriber with the id " + id + " is connected.");
        }
        audit.record("subscriber.kick", "subscriber " + id, "closed with 1008");
    }
}
