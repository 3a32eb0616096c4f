package dev.hookcast.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The services some tests need beyond the JDK (PostgreSQL, RabbitMQ): present, the test runs;
 * absent, it is skipped with a message naming what is missing, or fails when the build asks for
 * every service ({@code -Dhookcast.requireServices=true}, as {@code .ci/run} does).
 */
public final class Services {

    public static final String POSTGRESQL_HOST = "127.0.0.1";
    public static final int POSTGRESQL_PORT = 5432;
    public static final String RABBITMQ_HOST = "127.0.0.1";
    public static final int RABBITMQ_PORT = 5672;

    private Services() {
    }

    public static void requirePostgresql() {
        require("PostgreSQL", POSTGRESQL_HOST, POSTGRESQL_PORT);
    }

    public static void requireRabbitmq() {
        require("RabbitMQ", RABBITMQ_HOST, RABBITMQ_PORT);
    }

    private static void require(String service, String host, int port) {
        if (listening(host, port)) {
            return;
        }
        String message = service + " is not running on " + host + ":" + port;
        if (Boolean.getBoolean("hookcast.requireServices")) {
            Assertions.fail(message + ", and this build requires every service (hookcast.requireServices=true)");
        }
        Assumptions.abort(message + ": skipped");
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
