package dev.hookcast.admin;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.audit.RejectionCounts;
import dev.hookcast.channel.ChannelName;
import dev.hookcast.platform.Problem;
import dev.hookcast.platform.Rfc3339;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/admin/rejections}: rejected requests counted per channel, reason and minute, with
 * how many of them also have a hook row (the first few of each kind a minute).
 */
@Path("rejections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "hooks", description = "What arrived, and what became of it")
public class RejectionAdminResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    RejectionCounts counts;

    @GET
    @Operation(summary = "Rejected requests per channel, reason and minute, newest minute first",
            description = "Answers {\"items\":[{channel, reason, minute, count, recorded}]}: count is every rejection"
                    + " of the kind in the minute starting at minute, recorded those also listed as rejected hooks"
                    + " (GET /hooks?status=rejected). Channel \"*\" counts channels past the kinds tracked a minute."
                    + " To page back, pass the oldest minute seen as to.")
    @APIResponse(responseCode = "200", description = "The counts")
    @APIResponse(responseCode = "400", description = "A parameter is malformed (application/problem+json)")
    public JsonObject list(
            @Parameter(description = "Only this channel") @QueryParam("channel") String channel,
            @Parameter(description = "Minutes starting at or after (RFC 3339)") @QueryParam("from") String from,
            @Parameter(description = "Minutes starting before (RFC 3339)") @QueryParam("to") String to,
            @Parameter(description = "At most this many rows, 1 to 1000 (default 100)") @QueryParam("limit")
            String limit) {
        if (channel != null && !ChannelName.isValid(channel) && !RejectionCounts.OTHER_CHANNELS.equals(channel)) {
            throw Problem.badRequest("channel is not a channel name (or *, the other channels).");
        }
        HookAdminResource.Range range = HookAdminResource.Range.of(from, to);
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (RejectionCounts.Row row : counts.list(channel, range.from(), range.to(),
                Numbers.limit(limit, DEFAULT_LIMIT, MAX_LIMIT))) {
            items.add(Json.createObjectBuilder()
                    .add("channel", row.channel())
                    .add("reason", row.reason())
                    .add("minute", Rfc3339.format(row.minute()))
                    .add("count", row.total())
                    .add("recorded", row.recorded()));
        }
        return Json.createObjectBuilder().add("items", items).build();
    }
}
