package dev.hookcast.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.hookcast.platform.AuditDatabase;

/**
 * The admin's reads over the audit store that JPQL cannot express well: the hook list (filters,
 * text search in headers and body, keyset pagination) and the statistics. Plain JDBC over the
 * application's datasource: only the listed columns are read, never a body.
 *
 * <p>Pagination is by id: a page holds hooks with an id below the cursor, newest first, and the
 * next cursor is the last id of a full page. Every filter is a predicate next to {@code id <
 * cursor} under {@code ORDER BY id DESC}, so a page costs an index range scan (V5 indexes) however
 * deep it is; no OFFSET.
 */
public final class HookSearch {

    /** What to list. Null members do not filter. */
    public record Query(String channel, Hook.Status status, Instant from, Instant to, String text, Long before,
            int limit) {
    }

    /** One hook in a list: its metadata, no headers and no body. */
    public record Summary(long id, String channel, Instant receivedAt, String method, String contentType, long size,
            Hook.Status status, String reason, String signature, String remote) {
    }

    /** A page of a list, and the cursor of the next one (null on the last). */
    public record Page(List<Summary> items, Long next) {
    }

    /** Per channel: hooks by status and deliveries by outcome. */
    public record ChannelCounts(Map<Hook.Status, Long> hooks, Map<Delivery.Status, Long> deliveries) {
    }

    /** How far the planning counts of a time-filtered list go (index entries). */
    static final int PROBE_LIMIT = 100_000;
    /** A time range this small is read and sorted without asking more. */
    static final int SMALL_RANGE = 5_000;

    private static final String COLUMNS =
            "id, channel, received_at, method, content_type, size, status, reason, signature, remote_address";

    private final DataSource dataSource;
    private final boolean postgresql;

    public HookSearch(DataSource dataSource, boolean postgresql) {
        this.dataSource = dataSource;
        this.postgresql = postgresql;
    }

    /** The searches over the application's audit store. */
    public static HookSearch of(AuditDatabase store) {
        return new HookSearch(store.dataSource(), store.isPostgresql());
    }

    /** One page of hooks matching the query, newest first. */
    public Page list(Query query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM hook");
        if (!postgresql && query.channel() == null && query.status() == null
                && (query.from() != null || query.to() != null) && walkIds(query)) {
            // H2 would read the whole time range through hook_received_at and sort it by id;
            // walking the ids from the newest reaches the range sooner and stops at a page.
            sql.append(" USE INDEX (hook_id_desc)");
        }
        sql.append(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.channel() != null) {
            sql.append(" AND channel = ?");
            parameters.add(query.channel());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status().name());
        }
        if (query.from() != null) {
            sql.append(" AND received_at >= ?");
            parameters.add(query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND received_at < ?");
            parameters.add(query.to().atOffset(ZoneOffset.UTC));
        }
        if (query.before() != null) {
            sql.append(" AND id < ?");
            parameters.add(query.before());
        }
        if (query.text() != null) {
            // a case-sensitive substring of the headers as stored, or of the body's bytes (UTF-8)
            sql.append(postgresql
                    ? " AND (strpos(headers, ?) > 0 OR position(? in body) > 0)"
                    : " AND (LOCATE(?, headers) > 0 OR POSITION(?, body) > 0)");
            parameters.add(query.text());
            parameters.add(query.text().getBytes(StandardCharsets.UTF_8));
        }
        // The equality-filtered columns lead the ORDER BY (a no-op for the order) so that H2 walks
        // the V5 index (channel, status, id DESC) in order instead of sorting every matching row.
        sql.append(" ORDER BY ");
        if (query.channel() != null) {
            sql.append("channel, ");
        }
        if (query.status() != null) {
            sql.append("status, ");
        }
        sql.append("id DESC");
        sql.append(postgresql ? " LIMIT ?" : " FETCH FIRST ? ROWS ONLY");
        parameters.add(query.limit() + 1);
        List<Summary> items = new ArrayList<>(query.limit() + 1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql.toString(), parameters);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                items.add(new Summary(rows.getLong(1), rows.getString(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getString(4), rows.getString(5),
                        rows.getLong(6), Hook.Status.valueOf(rows.getString(7)), rows.getString(8), rows.getString(9),
                        rows.getString(10)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Listing hooks failed: " + e.getMessage(), e);
        }
        if (items.size() <= query.limit()) {
            return new Page(items, null);
        }
        items.remove(items.size() - 1);
        return new Page(items, items.get(items.size() - 1).id());
    }

    /**
     * Whether to walk the ids from the newest rather than read the time range through
     * hook_received_at and sort it: walking costs the hooks received after the range, sorting
     * the hooks within it. Both are counted on the index, each up to {@link #PROBE_LIMIT}.
     */
    private boolean walkIds(Query query) {
        long within = countReceived(query.from(), query.to());
        if (within <= SMALL_RANGE) {
            return false;
        }
        long after = query.to() == null ? 0 : countReceived(query.to(), null);
        return after < within;
    }

    private long countReceived(Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM (SELECT 1 FROM hook WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (from != null) {
            sql.append(" AND received_at >= ?");
            parameters.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND received_at < ?");
            parameters.add(to.atOffset(ZoneOffset.UTC));
        }
        sql.append(" FETCH FIRST ").append(PROBE_LIMIT).append(" ROWS ONLY) AS probe");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql.toString(), parameters);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Listing hooks failed: " + e.getMessage(), e);
        }
    }

    /** Hook counts by status and delivery counts by outcome, per channel, over what retention kept. */
    public Map<String, ChannelCounts> countsByChannel() {
        Map<String, ChannelCounts> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            collect(connection, "SELECT channel, status, COUNT(*) FROM hook GROUP BY channel, status ORDER BY channel",
                    counts, true);
            collect(connection, "SELECT channel, status, SUM(hooks) FROM delivery_run GROUP BY channel, status"
                    + " ORDER BY channel", counts, false);
        } catch (SQLException e) {
            throw new IllegalStateException("Counting hooks failed: " + e.getMessage(), e);
        }
        return counts;
    }

    /** Hooks received per minute (all channels) in the {@code minutes} minutes up to {@code now}, oldest first. */
    public long[] perMinute(Instant now, int minutes) {
        long lastMinute = now.getEpochSecond() / 60;
        long firstMinute = lastMinute - minutes + 1;
        long[] perMinute = new long[minutes];
        String sql = "SELECT FLOOR(EXTRACT(EPOCH FROM received_at) / 60), COUNT(*) FROM hook"
                + " WHERE received_at >= ? GROUP BY FLOOR(EXTRACT(EPOCH FROM received_at) / 60)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql,
                        List.of(Instant.ofEpochSecond(firstMinute * 60).atOffset(ZoneOffset.UTC)));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long minute = rows.getLong(1);
                if (minute >= firstMinute && minute <= lastMinute) {
                    perMinute[(int) (minute - firstMinute)] += rows.getLong(2);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Counting hooks per minute failed: " + e.getMessage(), e);
        }
        return perMinute;
    }

    private static void collect(Connection connection, String sql, Map<String, ChannelCounts> counts, boolean hooks)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ChannelCounts channel = counts.computeIfAbsent(rows.getString(1), name -> new ChannelCounts(
                        new EnumMap<>(Hook.Status.class), new EnumMap<>(Delivery.Status.class)));
                if (hooks) {
                    channel.hooks().put(Hook.Status.valueOf(rows.getString(2)), rows.getLong(3));
                } else {
                    channel.deliveries().put(Delivery.Status.valueOf(rows.getString(2)), rows.getLong(3));
                }
            }
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof byte[] bytes) {
                    statement.setBytes(i + 1, bytes);
                } else {
                    statement.setObject(i + 1, parameter);
                }
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
