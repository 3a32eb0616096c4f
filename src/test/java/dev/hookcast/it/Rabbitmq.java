package dev.hookcast.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ broker the fan-out tests use (127.0.0.1:5672, guest/guest): present, the test
 * runs; absent, it is skipped with a message naming RabbitMQ, or fails when the build requires
 * every service ({@code -Dhookcast.requireServices=true}, as {@code .ci/run} does).
 */
public final class Rabbitmq {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    public static final String URI = "amqp://guest:guest@" + HOST + ":" + PORT;

    private Rabbitmq() {
    }

    public static void require() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1_000);
        } catch (IOException e) {
            String message = "RabbitMQ is not running on " + HOST + ":" + PORT + " (start it with: rabbitmq-server -detached)";
            if (Boolean.getBoolean("hookcast.requireServices")) {
                Assertions.fail(message + "; required: -Dhookcast.requireServices=true");
            }
            Assumptions.abort("Skipped, needs RabbitMQ. " + message);
        }
    }
}
