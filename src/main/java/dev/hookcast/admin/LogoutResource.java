package dev.hookcast.admin;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** {@code POST /api/admin/logout}: ends the console's session (with a session, it needs the CSRF token). */
@Path("logout")
public class LogoutResource {

    @Context
    HttpServletRequest request;

    @Inject
    AdminAudit audit;

    @POST
    public Response logout() {
        if (ConsoleSession.end(request)) {
            audit.record("logout", null, "console session ended");
        }
        return Response.noContent().build();
    }
}
