package dev.hookcast.admin;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.audit.Delivery;
import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookSearch;
import dev.hookcast.audit.RejectionCounts;
import dev.hookcast.delivery.SubscriberRegistry;
import dev.hookcast.delivery.Subscriber;
import dev.hookcast.platform.AuditDatabase;
import dev.hookcast.platform.Rfc3339;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/stats}: per channel counts from the audit store, live subscribers, hooks per minute. */
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats", description = "The overview's figures")
public class StatsAdminResource {

    static final int MINUTES = 60;

    @Inject
    AuditDatabase database;

    @Inject
    SubscriberRegistry registry;

    @Inject
    RejectionCounts rejections;

    @GET
    @Operation(summary = "Per channel: hooks, deliveries, failures, drops, live subscribers; hooks per minute",
            description = "{\"at\", \"channels\":[{name, hooks, accepted, rejected, duplicate, deliveries, failures,"
                    + " drops, subscribers}], \"subscribers\": total, \"perMinute\":{\"from\": RFC 3339 start of the"
                    + " first minute, \"counts\":[60 numbers, oldest first]}}. Counts cover the hooks retention kept;"
                    + " deliveries counts the delivered ones.")
    @APIResponse(responseCode = "200", description = "The figures")
    public JsonObject stats() {
        Instant now = Instant.now();
        HookSearch search = HookSearch.of(database);
        Map<String, HookSearch.ChannelCounts> counts = new TreeMap<>(search.countsByChannel());
        Map<String, Integer> live = new TreeMap<>();
        for (Subscriber subscriber : registry.all()) {
            live.merge(subscriber.channel(), 1, Integer::sum);
        }
        live.keySet().forEach(name -> counts.putIfAbsent(name, new HookSearch.ChannelCounts(Map.of(), Map.of())));
        // rejections past the few of each kind a minute that have a hook row are only counted
        Map<String, Long> unrecorded = rejections.unrecordedByChannel();
        unrecorded.keySet().forEach(name -> counts.putIfAbsent(name, new HookSearch.ChannelCounts(Map.of(), Map.of())));
        JsonArrayBuilder channels = Json.createArrayBuilder();
        counts.forEach((name, channel) -> {
            Map<Hook.Status, Long> hooks = channel.hooks();
            Map<Delivery.Status, Long> deliveries = channel.deliveries();
            long accepted = hooks.getOrDefault(Hook.Status.ACCEPTED, 0L);
            long rejected = hooks.getOrDefault(Hook.Status.REJECTED, 0L) + unrecorded.getOrDefault(name, 0L);
            long duplicate = hooks.getOrDefault(Hook.Status.DUPLICATE, 0L);
            channels.add(Json.createObjectBuilder()
                    .add("name", name)
                    .add("hooks", accepted + rejected + duplicate)
                    .add("accepted", accepted)
                    .add("rejected", rejected)
                    .add("duplicate", duplicate)
                    .add("deliveries", deliveries.getOrDefault(Delivery.Status.DELIVERED, 0L))
                    .add("failures", deliveries.getOrDefault(Delivery.Status.FAILED, 0L))
                    .add("drops", deliveries.getOrDefault(Delivery.Status.DROPPED, 0L))
                    .add("subscribers", live.getOrDefault(name, 0)));
        });
        long[] perMinute = search.perMinute(now, MINUTES);
        long firstMinute = now.getEpochSecond() / 60 - MINUTES + 1;
        rejections.unrecordedPerMinute(Instant.ofEpochSecond(firstMinute * 60)).forEach((minute, count) -> {
            if (minute >= firstMinute && minute < firstMinute + MINUTES) {
                perMinute[(int) (minute - firstMinute)] += count;
            }
        });
        JsonArrayBuilder minuteCounts = Json.createArrayBuilder();
        for (long count : perMinute) {
            minuteCounts.add(count);
        }
        JsonObjectBuilder minutes = Json.createObjectBuilder()
                .add("from", Rfc3339.format(
                        Instant.ofEpochSecond((now.getEpochSecond() / 60 - MINUTES + 1) * 60)))
                .add("counts", minuteCounts);
        return Json.createObjectBuilder()
                .add("at", Rfc3339.format(now))
                .add("channels", channels)
                .add("subscribers", live.values().stream().mapToInt(Integer::intValue).sum())
                .add("perMinute", minutes)
                .build();
    }
}
