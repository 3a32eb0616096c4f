package dev.hookcast.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.audit.Retention;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The audit's own operations: purge before a date. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "The audit store's own operations")
public class AuditAdminResource {

    @Inject
    Retention retention;

    @Inject
    AdminAudit audit;

    /** {@code POST /api/admin/purge?before=<RFC 3339>}: purges every hook received before then. */
    @POST
    @Operation(summary = "Purge every hook received before a time, with its deliveries: {\"purged\": n}")
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
