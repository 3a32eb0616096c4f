package dev.hookcast.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;

/**
 * The audit store: its datasource, its schema (Flyway, from the scripts under {@code sql/}),
 * and the few statements that differ between H2 and PostgreSQL. It holds every feature's tables
 * (channels, hooks and deliveries, the admin's users and actions) and names none of them, so it is
 * part of the ground floor ({@code platform}).
 *
 * <p>The JDBC URL, user and password come from MicroProfile Config ({@code hookcast.db.url},
 * {@code hookcast.db.user}, {@code hookcast.db.password}, i.e. {@code HOOKCAST_DB_URL} and so on);
 * the embedded default is an H2 file under {@code ./data}. The {@code DataSource} class follows from
 * the URL ({@link DataSourceClass}).
 *
 * <p>When the database goes away, requests must fail fast and the pool must heal by itself once it
 * is back: a connection waits at most {@code loginTimeout} seconds to be opened, every connection is
 * checked with {@link Connection#isValid} when it is taken from the pool, one found broken has the
 * pool drop all of them, and a request waits at most a second for a connection (Payara's pool
 * waits that long again after failing to open one). All but the login timeout are Payara's pool
 * settings, given as vendor properties (strings: no server classes are used).
 */
@DataSourceDefinition(
        name = AuditDatabase.JNDI_NAME,
        className = "${MPCONFIG=hookcast.db.datasource}",
        url = "${MPCONFIG=hookcast.db.url}",
        user = "${MPCONFIG=hookcast.db.user}",
        password = "${MPCONFIG=hookcast.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        loginTimeout = 5,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
            "fish.payara.fail-all-connections=true",
            "fish.payara.max-wait-time-in-millis=1000"
        })
@Startup
@Singleton
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/hookcast";

    private static final Logger LOG = Logger.getLogger(AuditDatabase.class.getName());

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    private String dialect;

    @PostConstruct
    void migrate() {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException("The audit store cannot be reached: " + e.getMessage(), e);
        }
        dialect = product.contains("postgresql") ? "postgresql" : "h2";
        var result = Flyway.configure(AuditDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/" + dialect)
                .load()
                .migrate();
        LOG.info(() -> "Audit store (" + product + ") at schema version " + result.targetSchemaVersion);
    }

    /** The store's datasource, for reads in plain JDBC (the admin's list and statistics). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** True on PostgreSQL, false on H2. */
    public boolean isPostgresql() {
        return dialect.equals("postgresql");
    }

    /** True when the audit store hands out a connection that answers within {@code timeoutSeconds}. */
    public boolean isAvailable(int timeoutSeconds) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * {@code count} fresh values of the sequence, ascending, drawn in the caller's transaction
     * (after its row locks, on its connection: a store that is down fails the call at once, where a
     * read outside the transaction would be retried by the persistence provider for seconds).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long[] nextValues(EntityManager em, String sequence, int count) {
        List<?> values = em.createNativeQuery(nextValuesSql(sequence)).setParameter(1, count).getResultList();
        long[] ids = new long[values.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ((Number) values.get(i)).longValue();
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * A native statement with one parameter, a channel's name, that creates the channel's row
     * unless it exists, without failing when another instance creates it at the same moment.
     */
    public String insertChannelSql() {
        return dialect.equals("postgresql")
                ? "INSERT INTO channel (name, created_at) VALUES (?, CURRENT_TIMESTAMP) ON CONFLICT (name) DO NOTHING"
                : "MERGE INTO channel c USING (VALUES (CAST(? AS VARCHAR(128)))) s(name) ON c.name = s.name"
                        + " WHEN NOT MATCHED THEN INSERT (name, created_at) VALUES (s.name, CURRENT_TIMESTAMP)";
    }

    /** A native query with one parameter, the count, returning that many fresh values of the sequence. */
    private String nextValuesSql(String sequence) {
        return dialect.equals("postgresql")
                ? "SELECT nextval('" + sequence + "') FROM generate_series(1, ?)"
                : "SELECT NEXT VALUE FOR " + sequence + " FROM SYSTEM_RANGE(1, ?)";
    }
}
