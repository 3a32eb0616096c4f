package dev.hookcast.ingest;

import java.util.Set;

import dev.hookcast.platform.ProblemMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The webhook door, {@code /hooks/*}. The admin API lives in an application of its own so that
 * neither claims the whole context root (static files, the WebSocket endpoint).
 */
@ApplicationPath(IngestResource.PATH)
public class HooksApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(IngestResource.class, ProblemMapper.class);
    }
}
