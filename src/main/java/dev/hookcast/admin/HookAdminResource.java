package dev.hookcast.admin;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import dev.hookcast.audit.Delivery;
import dev.hookcast.audit.DeliveryRepository;
import dev.hookcast.audit.Header;
import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/hooks/{id}}: one hook as the audit store holds it. */
@Path("hooks")
@Produces(MediaType.APPLICATION_JSON)
public class HookAdminResource {

    static final DateTimeFormatter RFC_3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Inject
    HookRepository hooks;

    @Inject
    DeliveryRepository deliveries;

    @GET
    @Path("{id}")
    public JsonObject hook(@PathParam("id") String id) {
        Hook hook = parseId(id) > 0 ? hooks.find(parseId(id)) : null;
        if (hook == null) {
            throw new Problem(404, "Not Found", "No hook has the id " + id + ".");
        }
        JsonArrayBuilder headers = Json.createArrayBuilder();
        for (Header header : Header.fromJson(hook.getHeaders())) {
            headers.add(Json.createArrayBuilder().add(header.name()).add(header.value()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", Long.toString(hook.getId()))
                .add("channel", hook.getChannel())
                .add("receivedAt", RFC_3339_MILLIS.format(hook.getReceivedAt()))
                .add("method", hook.getMethod())
                .add("status", hook.getStatus().name().toLowerCase())
                .add("size", hook.getSize())
                .add("headers", headers);
        addNullable(json, "contentType", hook.getContentType());
        addNullable(json, "remote", hook.getRemoteAddress());
        addNullable(json, "reason", hook.getReason());
        addNullable(json, "bodyBase64", hook.getBody() == null ? null : Base64.getEncoder().encodeToString(hook.getBody()));
        addNullable(json, "hash", hook.getHash());
        addNullable(json, "signature", hook.getSignature());
        JsonArrayBuilder records = Json.createArrayBuilder();
        for (Delivery delivery : deliveries.forHook(hook.getId())) {
            JsonObjectBuilder record = Json.createObjectBuilder()
                    .add("subscriber", delivery.getSubscriber())
                    .add("at", RFC_3339_MILLIS.format(delivery.getAt()))
                    .add("status", delivery.getStatus().name().toLowerCase());
            addNullable(record, "remote", delivery.getRemote());
            addNullable(record, "error", delivery.getError());
            records.add(record);
        }
        return json.add("deliveries", records).build();
    }

    static void addNullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
