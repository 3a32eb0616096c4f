package dev.hookcast.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.audit.Delivery;
import dev.hookcast.audit.DeliveryRepository;
import dev.hookcast.audit.Header;
import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookRepository;
import dev.hookcast.audit.HookSearch;
import dev.hookcast.channel.ChannelName;
import dev.hookcast.delivery.HookReplayed;
import dev.hookcast.ingest.HookAccepted;
import dev.hookcast.platform.AdminPaths;
import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.Problem;
import dev.hookcast.platform.Rfc3339;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/admin/hooks}: the list (filters, text search, keyset cursor), one hook as the audit
 * store holds it, and the replay of an accepted hook to the channel's current subscribers.
 */
@Path(AdminPaths.HOOKS)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "hooks", description = "What arrived, and what became of it")
public class HookAdminResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_QUERY_LENGTH = 256;

    @Inject
    HookRepository hooks;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    AuditDatabase database;

    @Inject
    Event<HookReplayed> replayed;

    @Inject
    AdminAudit audit;

    @GET
    @Operation(summary = "Hooks, newest first",
            description = "Answers {\"items\":[{id, channel, receivedAt, method, contentType, size, status, reason,"
                    + " signature, remote}], \"next\": cursor or null}. Pass next as before for the following page."
                    + " Bodies and headers are not part of list items: GET /hooks/{id} has them.")
    @APIResponse(responseCode = "200", description = "A page of hooks")
    @APIResponse(responseCode = "400", description = "A parameter is malformed (application/problem+json)")
    public JsonObject list(
            @Parameter(description = "Only this channel") @QueryParam("channel") String channel,
            @Parameter(description = "accepted, rejected or duplicate") @QueryParam("status") String status,
            @Parameter(description = "Received at or after (RFC 3339)") @QueryParam("from") String from,
            @Parameter(description = "Received before (RFC 3339)") @QueryParam("to") String to,
            @Parameter(description = "Text in the headers or the body (case-sensitive, at most 256 characters)")
            @QueryParam("q") String q,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "The cursor: next of the previous page") @QueryParam("before") String before) {
        if (channel != null && !ChannelName.isValid(channel)) {
            throw Problem.badRequest("channel is not a channel name.");
        }
        Range range = Range.of(from, to);
        Instant fromTime = range.from();
        Instant toTime = range.to();
        String text = q == null || q.isEmpty() ? null : q;
        if (text != null && text.length() > MAX_QUERY_LENGTH) {
            throw Problem.badRequest("q is at most " + MAX_QUERY_LENGTH + " characters.");
        }
        Long cursor = null;
        if (before != null && !before.isEmpty()) {
            cursor = Numbers.positive(before);
            if (cursor < 1) {
                throw Problem.badRequest("before is a cursor: the decimal id of a page's next.");
            }
        }
        HookSearch.Page page = HookSearch.of(database).list(new HookSearch.Query(channel, status(status), fromTime,
                toTime, text, cursor, Numbers.limit(limit, DEFAULT_LIMIT, MAX_LIMIT)));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (HookSearch.Summary hook : page.items()) {
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("id", Long.toString(hook.id()))
                    .add("channel", hook.channel())
                    .add("receivedAt", Rfc3339.format(hook.receivedAt()))
                    .add("method", hook.method())
                    .add("status", hook.status().label())
                    .add("size", hook.size());
            addNullable(item, "contentType", hook.contentType());
            addNullable(item, "reason", hook.reason());
            addNullable(item, "signature", hook.signature());
            addNullable(item, "remote", hook.remote());
            items.add(item);
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("items", items);
        addNullable(json, "next", page.next() == null ? null : Long.toString(page.next()));
        return json.build();
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Send an accepted hook again to the channel's current subscribers",
            description = "The frame carries \"replay\":true; each send gets a new delivery record."
                    + " Answers {\"id\", \"channel\", \"subscribers\": how many it was queued for on this"
                    + " instance}; with fan-out over RabbitMQ the other instances replay it to theirs as well.")
    @APIResponse(responseCode = "200", description = "Queued for the current subscribers")
    @APIResponse(responseCode = "404", description = "No such hook")
    @APIResponse(responseCode = "409", description = "The hook was not accepted (rejected or duplicate)")
    public JsonObject replay(@PathParam("id") String id) {
        Hook hook = find(id);
        if (hook.getStatus() != Hook.Status.ACCEPTED) {
            throw new Problem(409, "Conflict", "Hook " + id + " was " + hook.getStatus().label()
                    + ", not accepted: only accepted hooks are sent to subscribers.");
        }
        HookReplayed replay = new HookReplayed(HookAccepted.stored(hook, 0));
        replayed.fire(replay);
        int subscribers = replay.subscribers();
        audit.record("hook.replay", "hook " + hook.getId(), "queued for " + subscribers + " subscribers of "
                + hook.getChannel());
        return Json.createObjectBuilder()
                .add("id", Long.toString(hook.getId()))
                .add("channel", hook.getChannel())
                .add("subscribers", subscribers)
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One hook: headers, body (base64), signature verdict, and its delivery records")
    @APIResponse(responseCode = "200", description = "The hook")
    @APIResponse(responseCode = "404", description = "No such hook")
    public JsonObject hook(@PathParam("id") String id) {
        Hook hook = find(id);
        JsonArrayBuilder headers = Json.createArrayBuilder();
        // a hook stored before credentials were redacted on arrival is redacted here
        for (Header header : Header.redacted(Header.fromJson(hook.getHeaders()))) {
            headers.add(Json.createArrayBuilder().add(header.name()).add(header.value()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", Long.toString(hook.getId()))
                .add("channel", hook.getChannel())
                .add("receivedAt", Rfc3339.format(hook.getReceivedAt()))
                .add("method", hook.getMethod())
                .add("status", hook.getStatus().label())
                .add("size", hook.getSize())
                .add("headers", headers);
        addNullable(json, "contentType", hook.getContentType());
        addNullable(json, "remote", hook.getRemoteAddress());
        addNullable(json, "reason", hook.getReason());
        addNullable(json, "bodyBase64", hook.getBody() == null ? null : Base64.getEncoder().encodeToString(hook.getBody()));
        addNullable(json, "hash", hook.getHash());
        addNullable(json, "signature", hook.getSignature());
        JsonArrayBuilder records = Json.createArrayBuilder();
        // only accepted hooks are sent: a rejected one inside a run's range was not part of it
        List<Delivery> sends = hook.getStatus() == Hook.Status.ACCEPTED
                ? deliveries.forHook(hook.getChannel(), hook.getId()) : List.of();
        for (Delivery delivery : sends) {
            JsonObjectBuilder record = Json.createObjectBuilder()
                    .add("subscriber", delivery.getSubscriber())
                    .add("at", Rfc3339.format(delivery.getAt()))
                    .add("status", delivery.getStatus().label());
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

    private Hook find(String id) {
        long parsed = Numbers.positive(id);
        Hook hook = parsed > 0 ? hooks.find(parsed) : null;
        if (hook == null) {
            throw new Problem(404, "Not Found", "No hook has the id " + id + ".");
        }
        return hook;
    }

    /** A list's {@code from} and {@code to}: RFC 3339 times or absent (null), {@code from} not after {@code to}. */
    record Range(Instant from, Instant to) {

        static Range of(String from, String to) {
            Range range = new Range(instant("from", from), instant("to", to));
            if (range.from() != null && range.to() != null && range.from().isAfter(range.to())) {
                throw Problem.badRequest("from is after to.");
            }
            return range;
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(name + " is an RFC 3339 time, such as 2026-01-31T00:00:00Z.");
        }
    }

    private static Hook.Status status(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        Hook.Status known = Hook.Status.ofLabel(status);
        if (known == null) {
            throw Problem.badRequest("status is accepted, rejected or duplicate.");
        }
        return known;
    }
}
