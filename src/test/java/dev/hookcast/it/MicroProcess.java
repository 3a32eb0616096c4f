package dev.hookcast.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Payara Micro run the way the README runs it (the WAR at the root, the project's pre-boot
 * commands), as a process of its own that a test can stop, kill and start again.
 */
public final class MicroProcess implements AutoCloseable {

    /** The project's pre-boot commands, which the README's run command passes. */
    public static final Path PRE_BOOT = Path.of("payara-config/pre-boot-commands.asadmin");

    private final Process process;
    private final URI base;

    private MicroProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /**
     * Starts Payara Micro with its audit store in {@code dataDir} (or in the PostgreSQL database
     * named for it, see {@link TestDatabase}); later {@code systemProperties} win over earlier ones.
     */
    public static MicroProcess start(Path dataDir, Path log, int port, String... systemProperties)
            throws Exception {
        return start(dataDir, log, port, PRE_BOOT, systemProperties);
    }

    /** Starts Payara Micro as {@link #start(Path, Path, int, String...)} does, with other pre-boot commands. */
    public static MicroProcess start(Path dataDir, Path log, int port, Path preBoot, String... systemProperties)
            throws Exception {
        MicroProcess micro = launch(dataDir, log, port, preBoot, systemProperties);
        try {
            micro.awaitUp(Duration.ofSeconds(300)); // generous: a loaded CI machine starts Payara slowly
        } catch (Exception | AssertionError e) {
            micro.kill();
            throw e;
        }
        return micro;
    }

    /** Starts Payara Micro as {@link #start} does, without waiting for it to answer. */
    public static MicroProcess launch(Path dataDir, Path log, int port, String... systemProperties)
            throws Exception {
        return launch(dataDir, log, port, PRE_BOOT, systemProperties);
    }

    private static MicroProcess launch(Path dataDir, Path log, int port, Path preBoot, String... systemProperties)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:ThreadPriorityPolicy=1",
                "-Dhookcast.admin.password=" + Hookcast.ADMIN_PASSWORD));
        List<String> properties = new ArrayList<>(TestDatabase.serverProperties(dataDir));
        properties.addAll(List.of(systemProperties));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("hookcast.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nohazelcast", "--disablephonehome",
                "--prebootcommandfile", preBoot.toString(),
                "--postdeploycommandfile", "payara-config/post-deploy-commands.asadmin"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new MicroProcess(process, URI.create("http://127.0.0.1:" + port + "/"));
    }

    /** A fresh directory for one server's data, next to the test deployment's. */
    public static Path dataDir(String prefix) throws IOException {
        Path target = Path.of(System.getProperty("hookcast.testData", "target/it-data")).getParent();
        return Files.createTempDirectory(target, prefix);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI base() {
        return base;
    }

    /** The server's process id (for {@code jcmd}). */
    public long pid() {
        return process.pid();
    }

    /** Waits until the admin API answers 200. */
    public void awaitUp(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("api/admin/subscribers"))
                .header("Authorization", Hookcast.ADMIN_AUTHORIZATION)
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + process.exitValue() + " while starting");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the listener is not open yet: ask again once the connect attempt has failed
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError("Payara Micro did not answer within " + timeout);
    }

    /** SIGTERM: the orderly shutdown a service manager asks for. Returns how long it took. */
    public Duration stop(Duration deadline) throws Exception {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("Payara Micro did not stop within " + deadline);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Linux: the nice value of each of the server's threads, by name as the kernel keeps it (its
     * first 15 characters), from {@code /proc/PID/task}.
     */
    public Map<String, List<Integer>> threadNiceValues() throws IOException {
        Map<String, List<Integer>> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended meanwhile
                }
                // after "pid (comm) ": state is the first field, nice the 17th (proc(5): field 19)
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(Integer.parseInt(fields[16]));
            }
        }
        return byName;
    }

    /** SIGKILL: a crash, with no chance to flush anything. */
    public void kill() throws Exception {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
    }
}
