package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a black-box test of the deployed WAR starts from: the deployment, a {@link Hookcast}
 * client for it, and the server log's mark taken before each test. A test class that needs
 * test-only classes in the WAR (a servlet, a bean) names them with {@link DeployAlso}.
 */
@ExtendWith({AgainstDeployment.TestOnlyClasses.class, ArquillianExtension.class})
abstract class AgainstDeployment {

    /** Test-only classes added to the deployed WAR for the annotated test class. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface DeployAlso {
        Class<?>[] value();
    }

    @ArquillianResource
    URL base;

    Hookcast hookcast;
    long logMark;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookcast(TestOnlyClasses.CURRENT.get());
    }

    @BeforeEach
    void connect() throws Exception {
        hookcast = new Hookcast(base);
        logMark = ServerLog.mark();
    }

    void assertServerLogClean() throws Exception {
        assertEquals(List.of(), ServerLog.problemsSince(logMark), "server log");
    }

    static void assertProblem(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json",
                response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "").trim());
        assertEquals(status, Hookcast.json(response.body()).getInt("status"), response.body());
    }

    /**
     * Tells {@link #deployment} which classes the test class at hand adds: Arquillian calls that
     * static method from its own {@code beforeAll}, which runs after this one (the order of
     * {@code @ExtendWith}), on the same thread.
     */
    static final class TestOnlyClasses implements BeforeAllCallback, AfterAllCallback {

        static final ThreadLocal<Class<?>[]> CURRENT = ThreadLocal.withInitial(() -> new Class<?>[0]);

        @Override
        public void beforeAll(ExtensionContext context) {
            DeployAlso also = context.getRequiredTestClass().getAnnotation(DeployAlso.class);
            CURRENT.set(also == null ? new Class<?>[0] : also.value());
        }

        @Override
        public void afterAll(ExtensionContext context) {
            CURRENT.remove();
        }
    }
}
