package dev.hookcast.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import dev.hookcast.audit.Hook;
import dev.hookcast.audit.HookSearch;

/**
 * Times the admin API's hook list ({@link HookSearch}, the code {@code GET /api/admin/hooks} runs)
 * on an H2 audit store holding {@code --hooks} hooks (default 1,000,000), schema from the project's
 * Flyway scripts. Not a test: a program, run as BENCHMARKS.md says. The database is filled once
 * (under {@code --dir}, default {@code target/bench-list}) and reused while it holds enough hooks.
 *
 * <p>The data: 20 channels round-robin, one hook a second over the last {@code hooks} seconds,
 * 1% rejected and 0.5% duplicate, a ~200 byte JSON body; every 10th body holds {@code "common"},
 * 5 hooks spread over the whole range hold {@code "rare-needle"}.
 */
public final class ListQueryBenchmark {

    private static final int CHANNELS = 20;
    private static final int BATCH = 5_000;

    private ListQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hooks = 1_000_000;
        Path dir = Path.of("target", "bench-list");
        int runs = 20;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--hooks" -> hooks = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --hooks N, --dir PATH, --runs N)");
            }
        }
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve("hookcast") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        dataSource.setUser("hookcast");
        dataSource.setPassword("hookcast");
        Flyway.configure().dataSource(dataSource).locations("filesystem:sql/h2").load().migrate();
        Instant now = Instant.now();
        fill(dataSource, hooks, now);

        HookSearch search = new HookSearch(dataSource, false);
        long newest = search.list(query(null, null, null, null, null, null, 1)).items().get(0).id();
        long deep = newest - (long) (hooks * 0.9);
        report("first page, no filter", runs, () -> search.list(query(null, null, null, null, null, null, 50)));
        report("first page, channel", runs, () -> search.list(query("ch-7", null, null, null, null, null, 50)));
        report("first page, status=rejected", runs,
                () -> search.list(query(null, Hook.Status.REJECTED, null, null, null, null, 50)));
        report("first page, channel + status=duplicate", runs,
                () -> search.list(query("ch-3", Hook.Status.DUPLICATE, null, null, null, null, 50)));
        report("deep cursor (90% back), no filter", runs,
                () -> search.list(query(null, null, null, null, null, deep, 50)));
        report("deep cursor (90% back), channel", runs,
                () -> search.list(query("ch-11", null, null, null, null, deep, 50)));
        Instant dayStart = now.minusSeconds(hooks / 2);
        report("time range (one hour, mid-history)", runs,
                () -> search.list(query(null, null, dayStart, dayStart.plusSeconds(3600), null, null, 50)));
        Instant weekAgo = now.minus(Duration.ofDays(7));
        report("time range (last 7 days, ~60% of the hooks)", runs,
                () -> search.list(query(null, null, weekAgo, null, null, null, 50)));
        Instant fiveDaysAgo = now.minus(Duration.ofDays(5));
        report("time range (6 to 5 days ago, dense and old)", Math.max(3, runs / 5),
                () -> search.list(query(null, null, fiveDaysAgo.minus(Duration.ofDays(1)), fiveDaysAgo, null, null, 50)));
        report("text q=common (every 10th body)", runs,
                () -> search.list(query(null, null, null, null, "common", null, 50)));
        report("text q=common + channel", runs,
                () -> search.list(query("ch-10", null, null, null, "common", null, 50)));
        report("text q=common + channel without any (scans the channel)", Math.max(3, runs / 5),
                () -> search.list(query("ch-5", null, null, null, "common", null, 50)));
        report("text q=rare-needle (5 hooks: full scan)", Math.max(3, runs / 5),
                () -> search.list(query(null, null, null, null, "rare-needle", null, 50)));
        report("20 consecutive pages through the cursor, channel", Math.max(3, runs / 5), () -> {
            Long cursor = null;
            for (int page = 0; page < 20; page++) {
                cursor = search.list(query("ch-2", null, null, null, null, cursor, 50)).next();
            }
            return cursor;
        });
        report("stats: counts per channel (GET /stats)", Math.max(3, runs / 5), search::countsByChannel);
        report("stats: hooks per minute, last hour (GET /stats)", runs, () -> search.perMinute(Instant.now(), 60));
    }

    private static HookSearch.Query query(String channel, Hook.Status status, Instant from, Instant to, String text,
            Long before, int limit) {
        return new HookSearch.Query(channel, status, from, to, text, before, limit);
    }

    private static void report(String name, int runs, Supplier<?> query) {
        query.get(); // warm-up
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        String line = String.format(Locale.ROOT, "%-52s median %8.2f ms   max %8.2f ms   (%d runs)", name,
                nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6, runs);
        System.out.println(line);
    }

    /** Inserts hooks until the store holds {@code hooks}; ids and times ascend, one second apart. */
    private static void fill(JdbcDataSource dataSource, int hooks, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long present;
            try (Statement statement = connection.createStatement();
                    ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM hook")) {
                count.next();
                present = count.getLong(1);
            }
            if (present >= hooks) {
                System.out.println("Reusing the store: " + present + " hooks");
                return;
            }
            System.out.println("Filling the store up to " + hooks + " hooks");
            long started = System.nanoTime();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hook (id, channel, received_at,"
                    + " method, content_type, headers, remote_address, body, size, status, reason, signature)"
                    + " VALUES (?, ?, ?, 'POST', 'application/json', ?, '127.0.0.1', ?, ?, ?, ?, 'unsigned')")) {
                for (long id = present + 1; id <= hooks; id++) {
                    String status = id % 100 == 0 ? "REJECTED" : id % 200 == 1 ? "DUPLICATE" : "ACCEPTED";
                    String tag = id % (hooks / 5) == 17 ? "rare-needle" : id % 10 == 0 ? "common" : "usual";
                    byte[] body = ("{\"id\":" + id + ",\"type\":\"order.updated\",\"tag\":\"" + tag
                            + "\",\"customer\":{\"name\":\"Customer " + (id % 9973) + "\",\"country\":\"DE\"},"
                            + "\"items\":[{\"sku\":\"SKU-" + (id % 1000) + "\",\"qty\":" + (id % 7 + 1) + "}]}")
                            .getBytes(StandardCharsets.UTF_8);
                    insert.setLong(1, id);
                    insert.setString(2, "ch-" + (id % CHANNELS));
                    insert.setObject(3, now.minusSeconds(hooks - id).atOffset(ZoneOffset.UTC));
                    insert.setString(4, "[[\"Host\",\"localhost:8080\"],[\"Content-Type\",\"application/json\"],"
                            + "[\"User-Agent\",\"bench/1.0\"],[\"X-Request-Id\",\"req-" + id + "\"]]");
                    insert.setBytes(5, body);
                    insert.setLong(6, body.length);
                    insert.setString(7, status);
                    insert.setString(8, status.equals("REJECTED") ? "signature: no valid signature" : null);
                    insert.addBatch();
                    if (id % BATCH == 0 || id == hooks) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER SEQUENCE hook_id_seq RESTART WITH " + (hooks + 1));
                statement.execute("ANALYZE");
            }
            connection.commit();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("Filled in " + took.toSeconds() + " s");
        }
    }
}
