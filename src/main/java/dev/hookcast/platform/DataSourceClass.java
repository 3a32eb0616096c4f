package dev.hookcast.platform;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code hookcast.db.datasource}, the JDBC {@code DataSource} class of the audit store,
 * from the JDBC URL, so that pointing {@code HOOKCAST_DB_URL} at PostgreSQL is enough. Its
 * ordinal is below every other source: a class set anywhere else (for another driver) wins.
 */
public class DataSourceClass implements ConfigSource {

    static final String KEY = "hookcast.db.datasource";

    /** URL prefix to the driver's plain {@code DataSource}: the server pools and enlists its connections. */
    private static final Map<String, String> BY_URL_PREFIX = Map.of(
            "jdbc:postgresql:", "org.postgresql.ds.PGSimpleDataSource",
            "jdbc:h2:", "org.h2.jdbcx.JdbcDataSource");

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public String getValue(String propertyName) {
        if (!KEY.equals(propertyName)) {
            return null;
        }
        String url = ConfigProvider.getConfig(DataSourceClass.class.getClassLoader())
                .getOptionalValue("hookcast.db.url", String.class).orElse("");
        return forUrl(url).orElse(null);
    }

    /** The {@code DataSource} class for a JDBC URL, when the URL names a database Hookcast ships a driver for. */
    static Optional<String> forUrl(String url) {
        return BY_URL_PREFIX.entrySet().stream()
                .filter(entry -> url.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    @Override
    public String getName() {
        return "hookcast: datasource class from hookcast.db.url";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }
}
