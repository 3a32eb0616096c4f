package dev.hookcast.operations;

import java.util.logging.Logger;

import dev.hookcast.platform.StartGate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * The last start-up singleton: it depends, directly or through them, on every other one, so when
 * it starts, the application has, and it opens the {@link StartGate}; at shutdown it is destroyed
 * first, and closes the gate before the others stop.
 *
 * <p>It names only the start-up singletons nothing else depends on (the others come with them: a
 * new start-up singleton belongs here unless one of these depends on it). Naming two of which one
 * depends on the other makes Payara report a cyclic dependency that is not there: its ordering
 * pushes all of a bean's dependencies at once and takes a dependency found on that stack for a
 * cycle.
 */
@Startup
@Singleton
@DependsOn({"AdminPassword", "Retention", "IngestWriter", "RabbitFanout"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Started {

    private static final Logger LOG = Logger.getLogger(Started.class.getName());

    @PostConstruct
    void open() {
        StartGate.open();
        LOG.info("Hookcast has started: requests are served");
    }

    @PreDestroy
    void close() {
        StartGate.close();
    }
}
