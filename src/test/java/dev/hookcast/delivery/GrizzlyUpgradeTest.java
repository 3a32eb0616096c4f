package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The seam to the container's HTTP layer on any container but Payara (WildFly, here a bare
 * request): nothing is asked of the request and nothing is released. The Payara side is
 * {@code ClosedConnectionsIT}'s.
 */
class GrizzlyUpgradeTest {

    @Test
    void anotherContainersRequestIsLeftAlone() {
        List<String> asked = new ArrayList<>();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    asked.add(method.getName());
                    return null;
                });

        assertFalse(GrizzlyUpgrade.upgraded(new HttpServletRequestWrapper(request)));
        assertEquals(List.of(), asked);
    }
}
