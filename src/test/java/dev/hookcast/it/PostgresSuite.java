package dev.hookcast.it;

import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * With {@code -Dhookcast.it.database=postgresql}, runs before every test class (registered
 * through {@code META-INF/services}, before the class's own extensions, Arquillian's included):
 * skips the class, naming PostgreSQL, when it does not answer (fails under
 * {@code -Dhookcast.requireServices=true}), and points the Arquillian server at a database of its
 * own ({@code hookcast.it.serverDb}, read by {@code arquillian.xml}) before Arquillian starts it.
 * Without that property it does nothing: the suite runs on H2.
 */
public class PostgresSuite implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!TestDatabase.POSTGRES) {
            return;
        }
        TestDatabase.requirePostgres();
        synchronized (PostgresSuite.class) {
            if (!Boolean.getBoolean("hookcast.it.serverDb.postgres")) {
                System.setProperty("hookcast.it.serverDb", TestDatabase.postgresProperties(TestDatabase.database("arquillian"))
                        .stream().map(property -> "-D" + property).collect(Collectors.joining(" ")));
                System.setProperty("hookcast.it.serverDb.postgres", "true");
            }
        }
    }
}
