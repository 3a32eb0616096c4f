package dev.hookcast.delivery;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.logging.Logger;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/**
 * Takes a connection upgraded to a WebSocket out of Grizzly's keep-alive bookkeeping (Payara,
 * GlassFish): the one seam between Hookcast and the container's HTTP layer.
 *
 * <p>When a WebSocket closes, Payara finishes the upgrade request's response
 * ({@code WebConnectionImpl.close} resumes it) while the connection is still open, and Grizzly's
 * {@code HttpServerFilter.handleEvent} puts the connection's {@code KeepAliveContext} on the
 * keep-alive queue for the listener's {@code timeout-seconds} (30) before it closes the connection
 * as an upgraded one. The queue keeps the closed connection and everything it holds (about 4.6 KB)
 * until that timeout expires: every connection closed in the last 30 seconds. Without a
 * {@code KeepAliveContext}, which an upgraded connection never uses again, Grizzly skips the queue
 * (it checks for one).
 *
 * <p>Grizzly is reached by reflection on the request's own classes, public methods only, so the
 * WAR neither compiles against nor requires it; on any other container (WildFly) nothing is done,
 * and where anything is missing a warning is logged once and nothing is done from then on.
 */
final class GrizzlyUpgrade {

    private static final Logger LOG = Logger.getLogger(GrizzlyUpgrade.class.getName());
    private static final String FACADE = "org.apache.catalina.connector.RequestFacade";
    /** The name of the connection attribute in which {@code HttpServerFilter} keeps a connection's keep-alive state. */
    private static final String KEEP_ALIVE = "HttpServerFilter.KeepAliveContext";
    private static final String KEEP_ALIVE_CLASS = "org.glassfish.grizzly.http.HttpServerFilter$KeepAliveContext";

    /** How to reach Grizzly, resolved from the first upgraded request's class. */
    private static final ContainerAccess<Access> GRIZZLY = new ContainerAccess<>(LOG, GrizzlyUpgrade::resolve,
            "Connections upgraded to WebSockets skip Grizzly's keep-alive queue when they close",
            "Grizzly's keep-alive state is out of reach: closed WebSocket connections stay on its keep-alive"
                    + " queue for the listener's timeout");

    private GrizzlyUpgrade() {
    }

    /**
     * The request's connection's attributes, typed {@code (Object)Object}, and their
     * {@code getAttribute} and {@code removeAttribute}, typed {@code (Object, String)Object}.
     */
    private record Access(MethodHandle attributes, MethodHandle get, MethodHandle remove) {
    }

    /**
     * After the upgrade response (101) to {@code request}: drops its connection's keep-alive state
     * where the container is Grizzly. True if it was dropped.
     */
    static boolean upgraded(ServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        if (!inner.getClass().getName().equals(FACADE)) {
            return false;
        }
        Access grizzly = GRIZZLY.of(inner.getClass());
        if (grizzly == null) {
            return false;
        }
        try {
            Object attributes = (Object) grizzly.attributes().invokeExact((Object) inner);
            Object state = (Object) grizzly.get().invokeExact(attributes, KEEP_ALIVE);
            // Another listener's HttpServerFilter may have registered the same name last: remove
            // only what this connection's filter stored under it.
            if (state == null || !state.getClass().getName().equals(KEEP_ALIVE_CLASS)) {
                return false;
            }
            Object removed = (Object) grizzly.remove().invokeExact(attributes, KEEP_ALIVE);
            return removed == state;
        } catch (Throwable e) {
            GRIZZLY.failed(e);
            return false;
        }
    }

    private static Access resolve(Class<?> facadeClass) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType unary = MethodType.methodType(Object.class, Object.class);
        MethodHandle chain = MethodHandles.identity(Object.class);
        Class<?> at = facadeClass;
        // RequestFacade -> catalina Request -> Grizzly Request -> Connection -> its attributes
        for (String getter : new String[] {"getUnwrappedCoyoteRequest", "getCoyoteRequest", "getConnection", "getAttributes"}) {
            Method method = at.getMethod(getter);
            chain = MethodHandles.filterReturnValue(chain, lookup.unreflect(method).asType(unary));
            at = method.getReturnType();
        }
        MethodType accessor = MethodType.methodType(Object.class, Object.class, String.class);
        return new Access(chain, lookup.unreflect(at.getMethod("getAttribute", String.class)).asType(accessor),
                lookup.unreflect(at.getMethod("removeAttribute", String.class)).asType(accessor));
    }
}
