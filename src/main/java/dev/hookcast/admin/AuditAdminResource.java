package dev.hookcast.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.hookcast.audit.ChainVerifier;
import dev.hookcast.audit.Retention;
import dev.hookcast.channel.ChannelName;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The audit's own operations: verify a channel's hash chain, purge before a date. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class AuditAdminResource {

    @Inject
    ChainVerifier verifier;

    @Inject
    Retention retention;

    @Inject
    AdminAudit audit;

    /** {@code GET /api/admin/channels/{name}/verify}: {@code {"verified": n, "firstBroken": "<id>" | null}}. */
    @GET
    @Path("channels/{name}/verify")
    public JsonObject verify(@PathParam("name") String name) {
        if (!ChannelName.isValid(name)) {
            throw Problem.badRequest("Not a channel name: " + name);
        }
        ChainVerifier.Result result = verifier.verify(name);
        JsonObjectBuilder json = Json.createObjectBuilder().add("verified", result.verified());
        if (result.firstBroken() == null) {
            json.addNull("firstBroken");
        } else {
            json.add("firstBroken", Long.toString(result.firstBroken()));
        }
        return json.build();
    }

    /** {@code POST /api/admin/purge?before=<RFC 3339>}: purges every hook received before then. */
    @POST
    @Path("purge")
    public JsonObject purge(@QueryParam("before") String before) {
        Instant cutoff;
        try {
            cutoff = Instant.parse(before == null ? "" : before);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("before is an RFC 3339 time, such as 2026-01-31T00:00:00Z.");
        }
        long purged = retention.purgeBefore(cutoff);
        audit.record("purge", "hooks received before " + cutoff, "purged " + purged + " hooks");
        return Json.createObjectBuilder().add("purged", purged).build();
    }
}
