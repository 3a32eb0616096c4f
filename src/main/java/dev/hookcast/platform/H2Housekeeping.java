package dev.hookcast.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

/**
 * Compacts an embedded H2 audit store while it runs, as H2's own background writer would.
 *
 * <p>The embedded default runs H2 with {@code WRITE_DELAY=0}, so that every commit is written before
 * its 202 is answered. H2 then writes a chunk of pages per commit and starts no background writer,
 * and its compaction runs only in that writer: chunks keep a few live pages each, and the file
 * grows by about 15 KB a hook at two hooks per commit, without end (2.1 GB after 100,000 hooks of
 * 1 KiB, 15 % of its chunks' space live). Every {@value #DELAY_MILLIS} ms this rewrites the live
 * pages of the emptiest chunks, at most {@value #WRITE_LIMIT} bytes at a time (commits wait for
 * it, as they would for H2's writer), so the chunks it empties are reused once H2's retention time
 * has passed: the file levels off (about 1 GB for the same 100,000 hooks).
 *
 * <p>It reaches H2's store through a connection of its own, to the URL the pool's connections
 * report: in the same JVM, H2 hands it the database the pool already has open. Nothing is done on
 * PostgreSQL or on an H2 reached over the network; a failure is logged once and tried again on the
 * next tick.
 */
@Startup
@Singleton
@DependsOn("AuditDatabase")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class H2Housekeeping {

    private static final Logger LOG = Logger.getLogger(H2Housekeeping.class.getName());
    /** Between one compaction's end and the next: at most {@value #WRITE_LIMIT} bytes four times a second. */
    static final long DELAY_MILLIS = 250;
    /** Chunks whose live pages fill less than this share (%) are rewritten. */
    static final int TARGET_FILL_RATE = 80;
    /** Bytes of live pages rewritten per tick at most. */
    static final int WRITE_LIMIT = 1 << 20;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    AuditDatabase database;

    @Inject
    @ConfigProperty(name = "hookcast.db.user")
    String user;

    @Inject
    @ConfigProperty(name = "hookcast.db.password")
    String password;

    private final AtomicBoolean failing = new AtomicBoolean();
    /** Connections of H2's own to the database the pool has open: the pool's wrap H2's session out of reach. */
    private JdbcDataSource own;
    private ScheduledFuture<?> ticks;

    @PostConstruct
    void start() {
        if (!database.isPostgresql()) {
            ticks = scheduler.scheduleWithFixedDelay(this::tick, DELAY_MILLIS, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    /** One compaction; runs on one scheduler thread at a time (a fixed delay never overlaps). */
    void tick() {
        try (Connection connection = ownConnection()) {
            compact(connection);
            if (failing.compareAndSet(true, false)) {
                LOG.info("H2 housekeeping works again");
            }
        } catch (SQLException | RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, e, () -> "H2 housekeeping failed; it is tried again every " + DELAY_MILLIS + " ms");
            }
        }
    }

    /** A connection to the URL the pool's connections report: in this JVM, H2 hands it the database they have open. */
    private Connection ownConnection() throws SQLException {
        JdbcDataSource source = own;
        if (source == null) {
            source = new JdbcDataSource();
            try (Connection pooled = database.dataSource().getConnection()) {
                source.setURL(pooled.getMetaData().getURL());
            }
            source.setUser(user);
            source.setPassword(password);
            own = source;
        }
        return source.getConnection();
    }

    /**
     * Rewrites the live pages of {@code connection}'s store's emptiest chunks, up to the write
     * limit. False when the connection is not to an embedded H2 or nothing needed rewriting.
     */
    static boolean compact(Connection connection) {
        if (!(connection instanceof JdbcConnection h2) || !(h2.getSession() instanceof SessionLocal local)
                || local.getDatabase().getStore() == null) {
            return false;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() != null && !store.getFileStore().isReadOnly()
                && store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
    }
}
