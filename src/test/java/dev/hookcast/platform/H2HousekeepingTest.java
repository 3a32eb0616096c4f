package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 with WRITE_DELAY=0, as the embedded default runs it: what the housekeeping keeps from piling up. */
class H2HousekeepingTest {

    private static final int COMMITS = 3_000;

    @TempDir
    Path dir;

    /**
     * Commits one row at a time, as the ingest writer does at low rates, and compacts every
     * {@code every} commits (0: never). {@code RETENTION_TIME=0} makes the chunks written here old
     * enough to be rewritten at once: H2 leaves a chunk as it is for 45 s by default.
     */
    private int chunksFillRateAfterCommits(String name, int every) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0;RETENTION_TIME=0", "sa", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE hook (id BIGINT PRIMARY KEY, channel VARCHAR(128), body VARBINARY(2048))");
                statement.execute("CREATE INDEX hook_channel_id ON hook (channel, id)");
                statement.execute("CREATE INDEX hook_id_desc ON hook (id DESC)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hook VALUES (?, ?, ?)")) {
                for (int id = 1; id <= COMMITS; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "channel-" + id % 10);
                    insert.setBytes(3, new byte[1024]);
                    insert.executeUpdate();
                    if (every > 0 && id % every == 0) {
                        H2Housekeeping.compact(connection);
                    }
                }
            }
            try (Statement statement = connection.createStatement(); ResultSet rate = statement.executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'")) {
                assertTrue(rate.next());
                return Integer.parseInt(rate.getString(1));
            }
        }
    }

    @Test
    void compactingKeepsTheChunksOfACommitPerWriteStoreMostlyLive() throws SQLException {
        int without = chunksFillRateAfterCommits("without", 0);
        int with = chunksFillRateAfterCommits("with", 100);
        assertTrue(without < 30, "without housekeeping most of the chunks' space is dead: " + without + " %");
        assertTrue(with >= 2 * without && with >= 50, "with it, most is live: " + with + " % (without: " + without + " %)");
    }

    @Test
    void aConnectionToAnotherDatabaseIsLeftAlone() throws SQLException {
        try (Connection memory = DriverManager.getConnection("jdbc:h2:mem:housekeeping", "sa", "")) {
            assertFalse(H2Housekeeping.compact(memory), "an in-memory store has no file to compact");
        }
    }
}
