package dev.hookcast.platform;

import java.util.Set;

import dev.hookcast.admin.ActionAdminResource;
import dev.hookcast.admin.AuditAdminResource;
import dev.hookcast.admin.ChannelAdminResource;
import dev.hookcast.admin.HookAdminResource;
import dev.hookcast.admin.LoginResource;
import dev.hookcast.admin.LogoutResource;
import dev.hookcast.admin.SubscriberAdminResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The admin API, {@code /api/admin/*}. Only the admin may call it (role {@code admin}, required
 * by {@code WEB-INF/web.xml}; see {@code admin/AdminAuthenticationMechanism}), except
 * {@code POST /api/admin/login}.
 */
@ApplicationPath("api/admin")
public class AdminApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(HookAdminResource.class, SubscriberAdminResource.class, AuditAdminResource.class,
                ChannelAdminResource.class, ActionAdminResource.class, LoginResource.class, LogoutResource.class,
                ProblemMapper.class);
    }
}
