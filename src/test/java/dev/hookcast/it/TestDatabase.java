package dev.hookcast.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit store the servers under test use: an H2 file in their data folder (the default), or,
 * with {@code -Dhookcast.it.database=postgresql} (the {@code postgresql} Maven profile), a fresh
 * PostgreSQL database per server, named for this run and dropped when the tests end, so reruns
 * start clean and several runs can share one PostgreSQL.
 *
 * <p>PostgreSQL is reached as {@code hookcast.it.postgres.url} (the maintenance database, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}) with {@code hookcast.it.postgres.user} and
 * {@code hookcast.it.postgres.password}.
 */
final class TestDatabase {

    static final boolean POSTGRES = "postgresql".equals(System.getProperty("hookcast.it.database"));

    private static final String ADMIN_URL = System.getProperty("hookcast.it.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("hookcast.it.postgres.user", "postgres");
    private static final String PASSWORD = System.getProperty("hookcast.it.postgres.password", "postgres");
    /** Names this run's databases: {@code hookcast_it_<time>_<random>_<purpose>}. */
    private static final String RUN = "hookcast_it_"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")) + "_"
            + UUID.randomUUID().toString().substring(0, 6);
    private static final Map<String, String> CREATED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "drop-test-databases"));
    }

    private TestDatabase() {
    }

    /**
     * Empty when PostgreSQL answers; otherwise why a test that needs it is skipped. Under
     * {@code -Dhookcast.requireServices=true} (CI) a missing PostgreSQL fails the test instead.
     */
    static Optional<String> postgresMissing() {
        try (Connection ignored = admin()) {
            return Optional.empty();
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + ADMIN_URL + " as " + USER + " (" + e.getMessage()
                    + "); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
            if (Boolean.getBoolean("hookcast.requireServices")) {
                throw new AssertionError(message + " (required: -Dhookcast.requireServices=true)", e);
            }
            return Optional.of("Skipped, needs PostgreSQL. " + message);
        }
    }

    /** The system properties that point a server whose data lives in {@code dataDir} at its audit store. */
    static List<String> serverProperties(Path dataDir) {
        if (!POSTGRES) {
            return List.of("hookcast.db.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/hookcast;WRITE_DELAY=0");
        }
        return postgresProperties(database(dataDir.getFileName().toString()));
    }

    /** Properties for a server on the PostgreSQL database {@code name}. */
    static List<String> postgresProperties(String name) {
        return List.of("hookcast.db.url=" + url(name), "hookcast.db.user=" + USER, "hookcast.db.password=" + PASSWORD);
    }

    /** The JDBC URL of one of this run's databases. */
    static String url(String name) {
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    /** This run's PostgreSQL database for {@code purpose}, created on first use. */
    static String database(String purpose) {
        String name = (RUN + "_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"));
        String database = name.substring(0, Math.min(name.length(), 63));
        CREATED.computeIfAbsent(database, created -> {
            execute("CREATE DATABASE " + created);
            return created;
        });
        return database;
    }

    /**
     * A database outage as the server sees it: no new connection is let in ({@code ALLOW_CONNECTIONS
     * false}) and every open one is ended, as when PostgreSQL stops. Only this database is touched,
     * so other databases on a shared PostgreSQL go on.
     */
    static void block(String database) {
        execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    }

    /** Ends the outage {@link #block} began. */
    static void unblock(String database) {
        execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    private static void execute(String sql) {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection admin() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
    }

    private static void dropAll() {
        List<String> failed = new ArrayList<>();
        for (String database : CREATED.keySet()) {
            try {
                execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (IllegalStateException e) {
                failed.add(database + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            System.getLogger(TestDatabase.class.getName()).log(System.Logger.Level.WARNING,
                    "Test databases not dropped: " + failed);
        }
    }
}
