package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a black-box test of the deployed WAR starts from: the deployment, a {@link Hookcast}
 * client for it, and the server log's mark taken before each test.
 */
@ExtendWith(ArquillianExtension.class)
abstract class AgainstDeployment {

    @ArquillianResource
    URL base;

    Hookcast hookcast;
    long logMark;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookcast();
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
}
