package dev.hookcast.delivery;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sender threads that carry Grizzly's thread-local buffer pool (Payara, GlassFish).
 *
 * <p>Every WebSocket write on Payara goes through the upgraded connection's servlet output
 * stream, whose Grizzly {@code OutputBuffer} copies the bytes into a buffer of the response's
 * buffer size (8 KiB: the web container's own default, which an application can raise but not
 * lower) taken from Grizzly's memory manager. On Grizzly's own worker threads that buffer comes
 * from the thread's pool and its unused part goes back at once; on any other thread it is a new
 * array each time: 8 KiB of garbage per message, about 1.6 GB/s at 200,000 messages a second,
 * and a young collection's pause every fraction of a second (BENCHMARKS.md). A thread of
 * Grizzly's {@code DefaultWorkerThread} class, with a pool of its own, takes them from the pool.
 *
 * <p>Grizzly is reached by reflection, public classes and methods only, through the class loader
 * given (the application's), so the WAR neither compiles against nor requires it; where anything
 * is missing (WildFly, or a Payara whose application class loader does not see Grizzly), a
 * message is logged and {@link #factory} answers null: the container's managed threads are used.
 * The threads are daemons (a sender stuck in a write cannot hold the JVM up at exit) with
 * {@code loader} as their context class loader. They carry no other container context: a lane
 * needs none (it sends, records deliveries and logs), and a context captured from whichever
 * thread first asks for a sender (an EJB call, a transaction's completion) must not live on in
 * a thread that runs as long as the application.
 */
final class GrizzlyThreads {

    private static final Logger LOG = Logger.getLogger(GrizzlyThreads.class.getName());
    private static final String WORKER = "org.glassfish.grizzly.threadpool.DefaultWorkerThread";

    private GrizzlyThreads() {
    }

    /** Threads with a Grizzly buffer pool each, or null where Grizzly is out of reach from {@code loader}. */
    static ThreadFactory factory(ClassLoader loader) {
        try {
            Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
            Class<?> poolProvider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", false, loader);
            Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, loader);
            Class<?> attributes = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, loader);
            Class<?> worker = Class.forName(WORKER, false, loader);
            Object manager = memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
            if (!poolProvider.isInstance(manager)) {
                throw new ClassCastException(manager + " keeps no thread-local pools");
            }
            Object attributeBuilder = attributes.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle newPool = lookup.unreflect(poolProvider.getMethod("createThreadLocalPool"))
                    .bindTo(manager).asType(MethodType.methodType(Object.class));
            MethodHandle newWorker = lookup.unreflectConstructor(worker.getConstructor(attributes, String.class, pool,
                    Runnable.class)).asType(MethodType.methodType(Thread.class, Object.class, String.class, Object.class,
                            Runnable.class));
            LOG.info("Sender threads take their write buffers from a Grizzly pool of their own");
            return task -> {
                try {
                    Thread thread = (Thread) newWorker.invokeExact(attributeBuilder, "hookcast-pooled",
                            (Object) newPool.invokeExact(), task);
                    thread.setDaemon(true);
                    thread.setContextClassLoader(loader);
                    return thread;
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "Grizzly's buffer pools are out of reach ({0}): sender threads are the container's"
                    + " managed threads, and each write's copy allocates a new buffer", e.toString());
            return null;
        }
    }
}
