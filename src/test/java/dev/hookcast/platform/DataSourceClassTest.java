package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DataSourceClassTest {

    @Test
    void theDataSourceClassFollowsFromTheUrl() {
        assertEquals(Optional.of("org.postgresql.ds.PGSimpleDataSource"),
                DataSourceClass.forUrl("jdbc:postgresql://db.example:5432/hookcast?sslmode=require"));
        assertEquals(Optional.of("org.h2.jdbcx.JdbcDataSource"),
                DataSourceClass.forUrl("jdbc:h2:file:./data/hookcast;WRITE_DELAY=0"));
    }

    @Test
    void anUnknownDatabaseLeavesTheClassToBeConfigured() {
        assertEquals(Optional.empty(), DataSourceClass.forUrl("jdbc:mysql://localhost/hookcast"));
        assertEquals(Optional.empty(), DataSourceClass.forUrl(""));
    }
}
