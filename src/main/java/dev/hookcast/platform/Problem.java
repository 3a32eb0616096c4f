package dev.hookcast.platform;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem: the only error shape Hookcast answers with.
 *
 * <p>Throw it from a resource; {@link ProblemMapper} turns it into
 * {@code application/problem+json}.
 */
public class Problem extends RuntimeException {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    private final int status;
    private final String title;
    private final String retryAfter;

    public Problem(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public Problem(int status, String title, String detail, String retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The {@code Retry-After} header's value, or null. */
    public String retryAfter() {
        return retryAfter;
    }

    /** The problem document, {@code application/problem+json}. */
    public String body() {
        String type = "https://hookcast.dev/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-');
        return "{\"type\":" + Json.quote(type)
                + ",\"title\":" + Json.quote(title)
                + ",\"status\":" + status
                + ",\"detail\":" + Json.quote(getMessage()) + "}";
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(body());
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    /** Answers with this problem outside JAX-RS: from a servlet filter, an authentication mechanism, an answer completed by hand. */
    public void writeTo(HttpServletResponse response) throws IOException {
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        }
        // MEDIA_TYPE.toString needs a JAX-RS runtime
        Json.writeTo(response, status, MEDIA_TYPE.getType() + "/" + MEDIA_TYPE.getSubtype(), body());
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    public static Problem unavailable(String detail) {
        return new Problem(503, "Service Unavailable", detail, "1");
    }
}
