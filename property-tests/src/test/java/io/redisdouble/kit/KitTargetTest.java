package io.redisdouble.kit;

import io.redisdouble.util.RedisVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The version redis-double emulates for a given reference. */
class KitTargetTest {

    @Test
    void emulatesTheReferenceVersionOrTheNearestOne() {
        assertEquals(RedisVersion.V7_0, KitTarget.emulationFor("7.0.15"));
        assertEquals(RedisVersion.V7_0, KitTarget.emulationFor("7.0.0"));
        assertEquals(RedisVersion.V6_2, KitTarget.emulationFor("6.2.7"));
        assertEquals(RedisVersion.V6_2, KitTarget.emulationFor("6.2.14"));
        assertEquals(RedisVersion.V7_0, KitTarget.emulationFor("7.2.4"));
        assertEquals(RedisVersion.V7_0, KitTarget.emulationFor("8.0.2"));
        assertEquals(RedisVersion.V6_2, KitTarget.emulationFor("6.0.16"));
    }
}
