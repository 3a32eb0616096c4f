package dev.hookcast.admin;

import java.util.List;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.hookcast.audit.ChainVerifier;
import dev.hookcast.channel.ChannelName;
import dev.hookcast.channel.ChannelSettings;
import dev.hookcast.channel.Channels;
import dev.hookcast.channel.SignatureVerifier;
import dev.hookcast.channel.SigningScheme;
import dev.hookcast.delivery.SubscriberRegistry;
import dev.hookcast.delivery.Subscriber;
import dev.hookcast.ingest.IngestLimits;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/admin/channels}: per-channel settings. Secrets and the subscriber token are
 * write-only: answers carry booleans in their place, never the values.
 */
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "channels", description = "Per-channel settings (secrets are write-only) and the hash chain")
public class ChannelAdminResource {

    private static final List<String> SETTINGS = List.of("signing", "subscriberToken", "maxBytes", "rateLimit",
            "retentionDays", "forwardSignatures");
    private static final List<String> SIGNING = List.of("scheme", "secret", "previousSecret");
    private static final List<String> RATE_LIMIT = List.of("perSecond", "burst");

    @Inject
    Channels channels;

    @Inject
    SubscriberRegistry registry;

    @Inject
    ChainVerifier verifier;

    @Inject
    AdminAudit audit;

    @Inject
    IngestLimits limits;

    /** Configured channels and channels with subscribers now. */
    @GET
    @Operation(summary = "Configured channels and channels with subscribers now, with live subscriber counts")
    public JsonObject list() {
        TreeSet<String> names = new TreeSet<>(channels.configuredNames());
        for (Subscriber subscriber : registry.all()) {
            names.add(subscriber.channel());
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        names.forEach(name -> items.add(describe(name)));
        return Json.createObjectBuilder().add("items", items).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A channel's settings: secretSet, previousSecretSet and tokenSet in place of the secrets")
    public JsonObject get(@PathParam("name") String name) {
        return describe(checkName(name));
    }

    /**
     * Changes the members given; a member set to null goes back to its default ({@code "signing":
     * null} removes signing), a member left out stays as it is.
     */
    @PUT
    @Operation(summary = "Change a channel's settings: members given change, null resets one, absent ones stay")
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject put(@PathParam("name") String name, JsonObject change) {
        checkName(name);
        if (change == null) {
            throw Problem.badRequest("The body is a JSON object of the settings to change.");
        }
        JsonMembers.only(change, "", SETTINGS);
        ChannelSettings now = channels.settings(name);
        ChannelSettings old = now != null ? now : ChannelSettings.defaults(name);
        SigningScheme scheme = old.scheme();
        String secret = old.secret();
        String previous = old.previousSecret();
        if (change.containsKey("signing")) {
            if (change.isNull("signing")) {
                scheme = null;
                secret = null;
                previous = null;
            } else {
                JsonObject signing = object(change, "signing");
                JsonMembers.only(signing, "signing.", SIGNING);
                try {
                    scheme = SigningScheme.parse(string(signing, "scheme", true));
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest(e.getMessage());
                }
                if (signing.containsKey("secret")) {
                    secret = string(signing, "secret", true);
                } else if (secret == null) {
                    throw Problem.badRequest("signing.secret is required to sign a channel.");
                }
                if (signing.containsKey("previousSecret")) {
                    previous = string(signing, "previousSecret", false);
                }
                checkSecret(scheme, secret, "signing.secret");
                if (previous != null) {
                    checkSecret(scheme, previous, "signing.previousSecret");
                }
            }
        }
        String tokenHash = old.tokenHash();
        if (change.containsKey("subscriberToken")) {
            String token = string(change, "subscriberToken", false);
            if (token != null && token.length() < 16) {
                throw Problem.badRequest("subscriberToken is at least 16 characters.");
            }
            tokenHash = token == null ? null : ChannelSettings.hashToken(token);
        }
        Long maxBytes = change.containsKey("maxBytes") ? positive(change, "maxBytes") : old.maxBytes();
        if (change.containsKey("maxBytes") && maxBytes != null && maxBytes > limits.ceiling()) {
            throw Problem.badRequest("maxBytes is at most " + limits.ceiling() + " (" + IngestLimits.CEILING_KEY
                    + "): a larger body could never be taken, since all hooks waiting for a commit hold no more.");
        }
        Integer perSecond = old.ratePerSecond();
        Integer burst = old.rateBurst();
        if (change.containsKey("rateLimit")) {
            if (change.isNull("rateLimit")) {
                perSecond = null;
                burst = null;
            } else {
                JsonObject rate = object(change, "rateLimit");
                JsonMembers.only(rate, "rateLimit.", RATE_LIMIT);
                Long asked = positive(rate, "perSecond");
                if (asked == null) {
                    throw Problem.badRequest("rateLimit.perSecond is required.");
                }
                perSecond = Math.toIntExact(asked);
                Long askedBurst = positive(rate, "burst");
                burst = askedBurst == null ? perSecond : Math.toIntExact(askedBurst);
            }
        }
        Integer retentionDays = change.containsKey("retentionDays")
                ? nullableInt(positive(change, "retentionDays")) : old.retentionDays();
        boolean forwardSignatures = change.containsKey("forwardSignatures")
                ? flag(change, "forwardSignatures") : old.forwardSignatures();
        if (forwardSignatures && tokenHash == null) {
            throw Problem.badRequest("forwardSignatures needs a subscriberToken: signature headers go only to "
                    + "subscribers that hold the channel's token.");
        }
        channels.configure(name, new ChannelSettings(name, scheme, secret, previous, tokenHash, maxBytes, perSecond,
                burst, retentionDays, forwardSignatures));
        // the members changed, never their values: secrets and tokens stay out of the log
        audit.record("channel.configure", name, "changed " + String.join(", ", change.keySet()));
        return describe(name);
    }

    @DELETE
    @Operation(summary = "Reset a channel's settings to the defaults")
    @Path("{name}")
    public void delete(@PathParam("name") String name) {
        channels.configure(checkName(name), null);
        audit.record("channel.reset", name, "settings back to the defaults");
    }

    /** {@code GET /api/admin/channels/{name}/verify}: {@code {"verified": n, "firstBroken": "<id>" | null}}. */
    @GET
    @Path("{name}/verify")
    @Operation(summary = "Recompute the channel's hash chain: {\"verified\": hooks checked, \"firstBroken\": id or null}")
    public JsonObject verify(@PathParam("name") String name) {
        ChainVerifier.Result result = verifier.verify(checkName(name));
        JsonObjectBuilder json = Json.createObjectBuilder().add("verified", result.verified());
        if (result.firstBroken() == null) {
            json.addNull("firstBroken");
        } else {
            json.add("firstBroken", Long.toString(result.firstBroken()));
        }
        return json.build();
    }

    private JsonObject describe(String name) {
        ChannelSettings settings = channels.settings(name);
        ChannelSettings shown = settings != null ? settings : ChannelSettings.defaults(name);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("name", name)
                .add("configured", settings != null)
                .add("subscribers", registry.subscribers(name).length)
                .add("tokenSet", shown.tokenHash() != null);
        if (shown.signed()) {
            json.add("signing", Json.createObjectBuilder()
                    .add("scheme", shown.scheme().id())
                    .add("secretSet", shown.secret() != null)
                    .add("previousSecretSet", shown.previousSecret() != null));
        } else {
            json.addNull("signing");
        }
        addNullable(json, "maxBytes", shown.maxBytes());
        if (shown.rateLimited()) {
            json.add("rateLimit", Json.createObjectBuilder()
                    .add("perSecond", shown.ratePerSecond())
                    .add("burst", shown.rateBurst() == null ? shown.ratePerSecond() : shown.rateBurst()));
        } else {
            json.addNull("rateLimit");
        }
        addNullable(json, "retentionDays", shown.retentionDays() == null ? null : shown.retentionDays().longValue());
        json.add("forwardSignatures", shown.forwardSignatures());
        return json.build();
    }

    private static void addNullable(JsonObjectBuilder json, String name, Long value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    private static String checkName(String name) {
        if (!ChannelName.isValid(name)) {
            throw Problem.badRequest("Not a channel name: a letter or digit, then letters, digits, '.', '_' or '-'.");
        }
        return name;
    }

    private static void checkSecret(SigningScheme scheme, String secret, String member) {
        try {
            SignatureVerifier.checkSecret(scheme, secret);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(member + ": " + e.getMessage());
        }
    }

    private static JsonObject object(JsonObject json, String name) {
        if (!(json.get(name) instanceof JsonObject object)) {
            throw Problem.badRequest(name + " is an object or null.");
        }
        return object;
    }

    private static String string(JsonObject json, String name, boolean required) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw Problem.badRequest(name + " is required.");
            }
            return null;
        }
        if (!(value instanceof JsonString string) || string.getString().isEmpty()) {
            throw Problem.badRequest(name + " is a non-empty string.");
        }
        return string.getString();
    }

    private static Long positive(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1
                || number.longValue() > Integer.MAX_VALUE) {
            throw Problem.badRequest(name + " is a whole number from 1 to " + Integer.MAX_VALUE + ", or null.");
        }
        return number.longValue();
    }

    /** A boolean member; null means the default, false. */
    private static boolean flag(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value != JsonValue.TRUE) {
            throw Problem.badRequest(name + " is true, false or null.");
        }
        return true;
    }

    private static Integer nullableInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
