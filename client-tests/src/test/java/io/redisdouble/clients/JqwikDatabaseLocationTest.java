package io.redisdouble.clients;

import io.redisdouble.testing.JqwikDatabaseLocation;
import org.junit.jupiter.api.Test;

/** This module's jqwik database goes under target/ ({@link JqwikDatabaseLocation}). */
class JqwikDatabaseLocationTest {
    @Test
    void theDatabaseGoesUnderTarget() throws Exception {
        JqwikDatabaseLocation.assertDatabaseUnderTarget();
    }
}
