package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The gate in front of every request: 503 problem+json with Retry-After while shut, the request untouched while open. */
class StartGateTest {

    private final Map<String, Object> answer = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                case "setStatus" -> answer.put("status", args[0]);
                case "setHeader", "setContentType" -> answer.put(args.length > 1 ? (String) args[0] : "content-type",
                        args.length > 1 ? args[1] : args[0]);
                case "getOutputStream" -> new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
                default -> null;
            });
    private final HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);

    @Test
    void whileShutEveryRequestIsAnswered503AndGoesNoFurther() throws Exception {
        StartGate.close();
        AtomicBoolean passed = new AtomicBoolean();
        new StartGate().doFilter(request, response, (req, res) -> passed.set(true));
        assertFalse(passed.get(), "nothing behind the gate runs");
        assertEquals(503, answer.get("status"));
        assertEquals("1", answer.get("Retry-After"));
        assertEquals("application/problem+json", answer.get("content-type"));
        assertTrue(body.toString(StandardCharsets.UTF_8).contains("\"detail\":\"The server is stopping.\""), body.toString(StandardCharsets.UTF_8));
        assertFalse(StartGate.isOpen());
    }

    @Test
    void onceOpenRequestsGoThrough() throws Exception {
        StartGate.open();
        try {
            AtomicBoolean passed = new AtomicBoolean();
            new StartGate().doFilter(request, response, (req, res) -> passed.set(true));
            assertTrue(passed.get());
            assertTrue(answer.isEmpty(), "the gate answers nothing itself: " + answer);
        } finally {
            StartGate.close();
        }
    }
}
