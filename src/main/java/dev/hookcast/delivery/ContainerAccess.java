package dev.hookcast.delivery;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reflective access to a container's own classes, for the seams that reach past the portable API
 * ({@link TyrusWire}, {@link GrizzlyUpgrade}): resolved once from the first instance's class (again
 * only if another class shows up), and given up for good, with one warning, at the first failure,
 * whether resolving or using it. Sessions and requests that arrive together resolve it once.
 *
 * @param <A> what was resolved: method handles, typically
 */
final class ContainerAccess<A> {

    /** Resolves the access from a container class; any exception means the container lacks it. */
    @FunctionalInterface
    interface Resolver<A> {
        A resolve(Class<?> type) throws ReflectiveOperationException;
    }

    private record Resolved<A>(Class<?> type, A access) {
    }

    private final Logger log;
    private final Resolver<A> resolver;
    private final String resolvedMessage;
    private final String unavailableMessage;
    private volatile Resolved<A> resolved;
    private volatile boolean unavailable;

    /**
     * @param resolvedMessage    logged (INFO) once it is resolved
     * @param unavailableMessage logged (WARNING, with the cause) once, when it fails
     */
    ContainerAccess(Logger log, Resolver<A> resolver, String resolvedMessage, String unavailableMessage) {
        this.log = log;
        this.resolver = resolver;
        this.resolvedMessage = resolvedMessage;
        this.unavailableMessage = unavailableMessage;
    }

    /** The access for instances of {@code type}, or null once it failed. */
    A of(Class<?> type) {
        Resolved<A> known = resolved;
        if (known != null && known.type() == type) {
            return known.access();
        }
        return unavailable ? null : resolve(type);
    }

    /** Gives the access up for good: using it failed with {@code cause}. */
    void failed(Throwable cause) {
        synchronized (this) {
            if (unavailable) {
                return;
            }
            unavailable = true;
        }
        log.log(Level.WARNING, cause, () -> unavailableMessage);
    }

    private synchronized A resolve(Class<?> type) {
        if (unavailable) {
            return null;
        }
        Resolved<A> known = resolved;
        if (known != null && known.type() == type) {
            return known.access(); // resolved by another caller while this one waited
        }
        try {
            A access = resolver.resolve(type);
            resolved = new Resolved<>(type, access);
            log.info(resolvedMessage);
            return access;
        } catch (ReflectiveOperationException | RuntimeException e) {
            failed(e);
            return null;
        }
    }
}
