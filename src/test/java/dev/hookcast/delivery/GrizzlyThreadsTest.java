package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The sender threads' seam where Grizzly is out of reach (WildFly; here the test class path):
 * no factory, so {@code Senders} uses the container's managed threads. The Payara side is
 * {@code ProcessIT}'s and {@code RelayIT}'s.
 */
class GrizzlyThreadsTest {

    @Test
    void withoutGrizzlyThereIsNoFactory() {
        ClassLoader loader = getClass().getClassLoader();
        assumeTrue(loader.getResource("org/glassfish/grizzly/threadpool/DefaultWorkerThread.class") == null,
                "Grizzly is on this class path");
        assertNull(GrizzlyThreads.factory(loader));
    }
}
