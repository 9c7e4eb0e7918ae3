package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Settings whose effect redis-double does not have are refused by CONFIG SET with an error naming what
 * is not supported, instead of answering OK and changing nothing. These replies are redis-double's own
 * (real Redis accepts the values); the error format is CONFIG SET's of each version, so clients see an
 * ordinary CONFIG SET error. Values that do nothing on Redis either (save "", appendonly no) are accepted.
 * (maxmemory is honoured: see MaxmemoryTest and maxmemory.txt.)
 */
class UnsupportedSettingsTest {

    @Test
    void maxmemoryIsAccepted() {
        EngineHarness h = new EngineHarness();
        assertEquals("+OK\r\n", h.run("CONFIG SET maxmemory 10mb"));
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$8\r\n10485760\r\n", h.run("CONFIG GET maxmemory"));
        assertEquals("+OK\r\n", h.run("CONFIG SET maxmemory 0"));
    }

    @Test
    void allOrNothing() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'save') - redis-double writes nothing to "
                + "disk: no RDB snapshots, only save \"\"\r\n", h.run("CONFIG SET hz 5 save \"3600 1\""));
        assertEquals("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", h.run("CONFIG GET hz"));
    }

    @Test
    void redis62Wording() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_6_2, null);
        assertEquals("-ERR Invalid argument '3600 1' for CONFIG SET 'save' - redis-double writes nothing to disk: no "
                + "RDB snapshots, only save \"\"\r\n", h.run("CONFIG SET save \"3600 1\""));
    }

    @Test
    void maxmemoryClientsOtherThanZeroIsRefused() {
        EngineHarness h = new EngineHarness();
        String refused = "-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - maxmemory-clients "
                + "is not supported by redis-double yet (no client eviction): only 0\r\n";
        assertEquals(refused, h.run("CONFIG SET maxmemory-clients 10mb"));
        assertEquals(refused, h.run("CONFIG SET maxmemory-clients 5%"));
        assertEquals("+OK\r\n", h.run("CONFIG SET maxmemory-clients 0"));
        // a value real Redis refuses gets Redis's error first (unit/introspection "CONFIG SET rollback on set error")
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument "
                + "must be less or equal to 100\r\n", h.run("CONFIG SET maxmemory-clients 110%"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a "
                + "memory or percent value\r\n", h.run("CONFIG SET maxmemory-clients abc"));
    }

    @Test
    void latencyMonitorThresholdOtherThanZeroIsRefused() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - "
                + "latency-monitor-threshold is not supported by redis-double yet (no latency samples): only 0\r\n",
                h.run("CONFIG SET latency-monitor-threshold 100"));
        assertEquals("+OK\r\n", h.run("CONFIG SET latency-monitor-threshold 0"));
    }

    @Test
    void persistenceIsRefused() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'save') - redis-double writes nothing to "
                + "disk: no RDB snapshots, only save \"\"\r\n", h.run("CONFIG SET save \"3600 1\""));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - redis-double writes nothing "
                + "to disk: no AOF, only appendonly no\r\n", h.run("CONFIG SET appendonly yes"));
        assertEquals("+OK\r\n", h.run("CONFIG SET save \"\""));
        assertEquals("+OK\r\n", h.run("CONFIG SET appendonly no"));
    }
}
