package io.redisdouble.kit;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The version redis-double emulates for a given reference. */
class KitTargetTest {

    @Test
    void emulatesTheReferenceVersionOrTheNearestOne() {
        assertEquals(Dialect.REDIS_7_0, KitTarget.emulationFor("7.0.15"));
        assertEquals(Dialect.REDIS_7_0, KitTarget.emulationFor("7.0.0"));
        assertEquals(Dialect.REDIS_6_2, KitTarget.emulationFor("6.2.7"));
        assertEquals(Dialect.REDIS_6_2, KitTarget.emulationFor("6.2.14"));
        assertEquals(Dialect.REDIS_7_2, KitTarget.emulationFor("7.2.4"));
        assertEquals(Dialect.REDIS_7_2, KitTarget.emulationFor("7.2.6"));
        assertEquals(Dialect.REDIS_7_4, KitTarget.emulationFor("7.4.1"));
        assertEquals(Dialect.REDIS_7_4, KitTarget.emulationFor("7.6.0"));
        assertEquals(Dialect.VALKEY_8_0, KitTarget.emulationFor("valkey-8.0.1"));
        assertEquals(Dialect.REDIS_7_0, KitTarget.emulationFor("7.1.0"));
        assertEquals(Dialect.REDIS_8_0, KitTarget.emulationFor("8.0.2"));
        assertEquals(Dialect.REDIS_8_0, KitTarget.emulationFor("8.2.1"));
        assertEquals(Dialect.REDIS_6_2, KitTarget.emulationFor("6.0.16"));
    }
}
