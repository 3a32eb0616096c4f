package dev.hookcast.it;

import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs before every test class (registered through {@code META-INF/services}, so before the
 * class's own extensions, Arquillian's included). A class that needs PostgreSQL (every class under
 * {@code -Dhookcast.it.database=postgresql}, and those marked {@link NeedsPostgres}) is skipped, with
 * a reason naming PostgreSQL, when it does not answer, and fails instead under
 * {@code -Dhookcast.requireServices=true} (CI). Under {@code -Dhookcast.it.database=postgresql}
 * it also points the Arquillian server at a database of its own ({@code hookcast.it.serverDb},
 * read by {@code arquillian.xml}) before Arquillian starts it.
 */
public class PostgresSuite implements ExecutionCondition, BeforeAllCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean needed = TestDatabase.POSTGRES
                || context.getTestClass().map(type -> type.isAnnotationPresent(NeedsPostgres.class)).orElse(false);
        if (!needed) {
            return ConditionEvaluationResult.enabled("does not need PostgreSQL");
        }
        return TestDatabase.postgresMissing()
                .map(reason -> {
                    System.getLogger(PostgresSuite.class.getName()).log(System.Logger.Level.WARNING,
                            context.getDisplayName() + ": " + reason);
                    return ConditionEvaluationResult.disabled(reason);
                })
                .orElseGet(() -> ConditionEvaluationResult.enabled("PostgreSQL answers"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!TestDatabase.POSTGRES) {
            return;
        }
        synchronized (PostgresSuite.class) {
            if (!Boolean.getBoolean("hookcast.it.serverDb.postgres")) {
                System.setProperty("hookcast.it.serverDb", TestDatabase.postgresProperties(TestDatabase.database("arquillian"))
                        .stream().map(property -> "-D" + property).collect(Collectors.joining(" ")));
                System.setProperty("hookcast.it.serverDb.postgres", "true");
            }
        }
    }
}
