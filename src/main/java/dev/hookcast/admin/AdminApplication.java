package dev.hookcast.admin;

import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import dev.hookcast.platform.AdminPaths;
import dev.hookcast.platform.JsonBodyReader;
import dev.hookcast.platform.ProblemMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The admin API, {@code /api/admin/*}. Only the admin may call it ({@link AdminGuard}), except
 * {@code POST /api/admin/login}.
 */
@ApplicationPath(AdminPaths.ROOT)
@OpenAPIDefinition(info = @Info(title = "Hookcast admin API", version = "1",
        description = "Webhooks in, audited, pushed live to WebSocket subscribers: the admin's API under /api/admin."
                + " Errors are application/problem+json. The console at /admin/ is built on it."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "User admin; or the console's session (POST /api/admin/login) with X-CSRF-Token on changes")
public class AdminApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(HookAdminResource.class, SubscriberAdminResource.class, AuditAdminResource.class,
                ChannelAdminResource.class, ActionAdminResource.class, StatsAdminResource.class, RejectionAdminResource.class,
                LoginResource.class, LogoutResource.class,
                ProblemMapper.class, JsonBodyReader.class);
    }
}
