package dev.hookcast.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookcast.platform.AuditDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Table {@code rejection_count}: rejected requests counted per channel, reason and minute, one row
 * per kind. {@code total} counts every rejection of the kind in that minute, {@code recorded}
 * those also written to table {@code hook} in full (a few a minute); the difference has no hook
 * row. Plain JDBC over the application's datasource, in the caller's transaction when it writes.
 */
@ApplicationScoped
public class RejectionCounts {

    /** The channel that stands for the channels past the number of kinds one instance tracks a minute. */
    public static final String OTHER_CHANNELS = "*";
    /** Reasons are stored up to this length. */
    public static final int MAX_REASON = 256;

    /** Rejections of one kind (channel and reason) in the minute starting at {@code minute}. */
    public record Row(String channel, String reason, Instant minute, long total, long recorded) {

        /** Rejections with no hook row of their own. */
        public long unrecorded() {
            return total - recorded;
        }
    }

    @Inject
    AuditDatabase database;

    /** Adds each row's counts to the stored row of its kind, creating it if there is none. */
    @Transactional
    public void add(List<Row> rows) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE rejection_count"
                        + " SET total = total + ?, recorded = recorded + ?"
                        + " WHERE channel = ? AND reason = ? AND minute_start = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO rejection_count"
                        + " (channel, reason, minute_start, total, recorded) VALUES (?, ?, ?, ?, ?)")) {
            for (Row row : rows) {
                OffsetDateTime minute = row.minute().atOffset(ZoneOffset.UTC);
                update.setLong(1, row.total());
                update.setLong(2, row.recorded());
                update.setString(3, row.channel());
                update.setString(4, row.reason());
                update.setObject(5, minute);
                if (update.executeUpdate() == 0) {
                    insert.setString(1, row.channel());
                    insert.setString(2, row.reason());
                    insert.setObject(3, minute);
                    insert.setLong(4, row.total());
                    insert.setLong(5, row.recorded());
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Counting rejections failed: " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} rows, newest minute first; {@code channel}, {@code from}, {@code to} filter when not null. */
    public List<Row> list(String channel, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT channel, reason, minute_start, total, recorded"
                + " FROM rejection_count WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (channel != null) {
            sql.append(" AND channel = ?");
            parameters.add(channel);
        }
        if (from != null) {
            sql.append(" AND minute_start >= ?");
            parameters.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND minute_start < ?");
            parameters.add(to.atOffset(ZoneOffset.UTC));
        }
        sql.append(" ORDER BY minute_start DESC, channel, reason")
                .append(database.isPostgresql() ? " LIMIT ?" : " FETCH FIRST ? ROWS ONLY");
        parameters.add(limit);
        List<Row> rows = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2),
                            result.getObject(3, OffsetDateTime.class).toInstant(), result.getLong(4),
                            result.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Listing rejections failed: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Per channel, the rejections that have no hook row of their own. */
    public Map<String, Long> unrecordedByChannel() {
        Map<String, Long> counts = new HashMap<>();
        query("SELECT channel, SUM(total - recorded) FROM rejection_count GROUP BY channel", null,
                (key, count) -> counts.put(key, count));
        return counts;
    }

    /** Per minute (epoch minutes) from {@code from} on, the rejections that have no hook row of their own. */
    public Map<Long, Long> unrecordedPerMinute(Instant from) {
        Map<Long, Long> counts = new HashMap<>();
        query("SELECT minute_start, SUM(total - recorded) FROM rejection_count WHERE minute_start >= ?"
                + " GROUP BY minute_start", from.atOffset(ZoneOffset.UTC),
                (key, count) -> counts.merge(Math.floorDiv(Instant.parse(key).getEpochSecond(), 60), count, Long::sum));
        return counts;
    }

    /** The channels with counts of minutes that started before {@code before}. */
    public List<String> channelsBefore(Instant before) {
        List<String> channels = new ArrayList<>();
        query("SELECT DISTINCT channel, 0 FROM rejection_count WHERE minute_start < ?",
                before.atOffset(ZoneOffset.UTC), (channel, none) -> channels.add(channel));
        return channels;
    }

    /** Deletes the counts of minutes that started before {@code before}, of one channel or (null) all. */
    @Transactional
    public int purge(String channel, Instant before) {
        String sql = "DELETE FROM rejection_count WHERE minute_start < ?" + (channel == null ? "" : " AND channel = ?");
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, before.atOffset(ZoneOffset.UTC));
            if (channel != null) {
                statement.setString(2, channel);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Purging rejection counts failed: " + e.getMessage(), e);
        }
    }

    private interface Collector {
        void add(String key, long count);
    }

    /** Runs a query of (key, count) pairs; a time key is handed over as an RFC 3339 instant. */
    private void query(String sql, Object parameter, Collector collector) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Object key = result.getObject(1);
                    collector.add(key instanceof String text ? text
                            : result.getObject(1, OffsetDateTime.class).toInstant().toString(), result.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Counting rejections failed: " + e.getMessage(), e);
        }
    }
}
