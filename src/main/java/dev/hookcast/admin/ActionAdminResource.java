package dev.hookcast.admin;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.platform.Rfc3339;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/actions?limit=}: the admin action log, newest first. */
@Path("actions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class ActionAdminResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    AdminActionRepository actions;

    @GET
    @Operation(summary = "The admin action log, newest first: {\"items\":[{id, at, actor, action, target, detail}]}")
    public JsonObject actions(@QueryParam("limit") String limit) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (AdminAction action : actions.newest(Numbers.limit(limit, DEFAULT_LIMIT, MAX_LIMIT))) {
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("id", Long.toString(action.getId()))
                    .add("at", Rfc3339.format(action.getAt()))
                    .add("actor", action.getActor())
                    .add("action", action.getAction());
            HookAdminResource.addNullable(item, "target", action.getTarget());
            HookAdminResource.addNullable(item, "detail", action.getDetail());
            items.add(item);
        }
        return Json.createObjectBuilder().add("items", items).build();
    }
}
