package dev.hookcast.delivery;

import java.util.Set;

import dev.hookcast.platform.ProblemMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Server-Sent Events, {@code /sse/*}: an application of its own, like the webhook door and the admin API. */
@ApplicationPath(SseResource.PATH)
public class SseApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SseResource.class, ProblemMapper.class);
    }
}
