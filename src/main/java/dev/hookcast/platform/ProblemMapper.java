package dev.hookcast.platform;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every error a resource raises leaves as {@code application/problem+json}. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof Problem problem) {
            return problem.toResponse();
        }
        if (failure instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return new Problem(status.getStatusCode(), status.getReasonPhrase(),
                    status.getReasonPhrase()).toResponse();
        }
        LOG.log(Level.SEVERE, "Unexpected failure", failure);
        return new Problem(500, "Internal Server Error", "The server failed; the failure is logged.").toResponse();
    }
}
