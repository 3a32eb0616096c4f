package dev.hookcast.admin;

import java.util.List;

import dev.hookcast.delivery.ChannelEndpoint;
import dev.hookcast.delivery.Subscriber;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/subscribers?channel=}: the sessions connected now. */
@Path("subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriberAdminResource {

    @Inject
    ChannelEndpoint endpoint;

    @GET
    public JsonObject subscribers(@QueryParam("channel") String channel) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (Subscriber subscriber : channel == null ? endpoint.all() : List.of(endpoint.subscribers(channel))) {
            items.add(Json.createObjectBuilder()
                    .add("id", Long.toString(subscriber.id()))
                    .add("channel", subscriber.channel())
                    .add("remote", subscriber.remote())
                    .add("connectedAt", HookAdminResource.RFC_3339_MILLIS.format(subscriber.connectedAt()))
                    .add("delivered", subscriber.delivered())
                    .add("queued", subscriber.queued()));
        }
        return Json.createObjectBuilder().add("items", items).build();
    }
}
