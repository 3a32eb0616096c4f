package dev.hookcast.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hook list's SQL on H2 with the project's schema: every filter, the cursor, and both plans of
 * a time-filtered list (a sparse range read and sorted, a dense one walked in id order).
 */
class HookSearchTest {

    /** More than {@link HookSearch#SMALL_RANGE}, so that wide time ranges take the id walk. */
    private static final int HOOKS = 12_000;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static HookSearch search;

    @BeforeAll
    static void fill() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("filesystem:sql/h2").load().migrate();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO hook (id, channel, received_at,"
                        + " method, headers, body, size, status) VALUES (?, ?, ?, 'POST', ?, ?, 1, ?)")) {
            for (long id = 1; id <= HOOKS; id++) {
                insert.setLong(1, id);
                insert.setString(2, "ch-" + id % 3);
                insert.setObject(3, received(id).atOffset(ZoneOffset.UTC));
                insert.setString(4, id % 7 == 0 ? "[[\"X-Tag\",\"in-header\"]]" : "[]");
                insert.setBytes(5, (id % 5 == 0 ? "{\"tag\":\"in-body\"}" : "{}").getBytes(StandardCharsets.UTF_8));
                insert.setString(6, id % 11 == 0 ? "REJECTED" : "ACCEPTED");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        search = new HookSearch(dataSource, false);
    }

    private static Instant received(long id) {
        return START.plusSeconds(id);
    }

    /** Every page's ids, following the cursor. */
    private static List<Long> all(String channel, Hook.Status status, Instant from, Instant to, String text, int limit) {
        List<Long> ids = new ArrayList<>();
        Long cursor = null;
        do {
            HookSearch.Page page = search.list(new HookSearch.Query(channel, status, from, to, text, cursor, limit));
            page.items().forEach(item -> ids.add(item.id()));
            cursor = page.next();
        } while (cursor != null);
        return ids;
    }

    private static List<Long> expected(LongPredicate filter) {
        return LongStream.iterate(HOOKS, id -> id >= 1, id -> id - 1).filter(filter).boxed().toList();
    }

    @Test
    void channelStatusAndTextFilterAndTheCursorPagesThroughEveryMatchNewestFirst() {
        assertEquals(expected(id -> id % 3 == 1), all("ch-1", null, null, null, null, 500));
        assertEquals(expected(id -> id % 11 == 0), all(null, Hook.Status.REJECTED, null, null, null, 100));
        assertEquals(expected(id -> id % 3 == 2 && id % 11 != 0), all("ch-2", Hook.Status.ACCEPTED, null, null, null, 333));
        assertEquals(expected(id -> id % 5 == 0), all(null, null, null, null, "in-body", 250));
        assertEquals(expected(id -> id % 7 == 0 && id % 3 == 0), all("ch-0", null, null, null, "in-header", 50));
        assertEquals(List.of(), all(null, null, null, null, "nowhere", 50));
    }

    @Test
    void aFullPageHasTheLastIdAsCursorAndTheLastPageNone() {
        HookSearch.Page first = search.list(new HookSearch.Query(null, null, null, null, null, null, 10));
        assertEquals(expected(id -> id > HOOKS - 10), first.items().stream().map(HookSearch.Summary::id).toList());
        assertEquals(HOOKS - 9, first.next());
        HookSearch.Page last = search.list(new HookSearch.Query(null, null, null, null, null, 3L, 10));
        assertEquals(List.of(2L, 1L), last.items().stream().map(HookSearch.Summary::id).toList());
        assertNull(last.next());
    }

    @Test
    void timeRangesAreFromInclusiveToExclusiveWhicheverWayTheyAreRead() {
        // sparse: 100 hooks, read through hook_received_at and sorted
        assertEquals(expected(id -> id >= 500 && id < 600), all(null, null, received(500), received(600), null, 30));
        // dense and recent: walked in id order from the newest (USE INDEX)
        assertEquals(expected(id -> id >= 2_000), all(null, null, received(2_000), null, null, 500));
        // dense and old: more hooks after it than within it, so read and sorted
        assertEquals(expected(id -> id >= 1 && id < 5_500), all(null, null, received(1), received(5_500), null, 500));
        // dense, with few hooks after it: walked
        assertEquals(expected(id -> id >= 100 && id < 11_000), all(null, null, received(100), received(11_000), null, 1000));
        assertEquals(expected(id -> id < 7_000), all(null, null, null, received(7_000), null, 1000));
        // combined with a channel
        assertEquals(expected(id -> id % 3 == 0 && id >= 6_000 && id < 9_000),
                all("ch-0", null, received(6_000), received(9_000), null, 128));
    }

    @Test
    void statsCountPerChannelAndStatusAndPerMinute() {
        HookSearch.ChannelCounts ch1 = search.countsByChannel().get("ch-1");
        long rejected = LongStream.rangeClosed(1, HOOKS).filter(id -> id % 3 == 1 && id % 11 == 0).count();
        assertEquals(rejected, ch1.hooks().get(Hook.Status.REJECTED));
        assertEquals(HOOKS / 3 - rejected, ch1.hooks().get(Hook.Status.ACCEPTED));
        // the hooks are one a second from START: 60 a minute, the last minute of the store partly
        long[] perMinute = search.perMinute(received(HOOKS), 60);
        assertEquals(60, perMinute.length);
        assertEquals(60, perMinute[10]);
        assertEquals(HOOKS % 60 + 1, perMinute[59]);
    }
}
