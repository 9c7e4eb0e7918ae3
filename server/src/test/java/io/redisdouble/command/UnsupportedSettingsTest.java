package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings whose effect redis-double does not have are refused by CONFIG SET with an error naming what
 * is not supported, instead of answering OK and changing nothing. These replies are redis-double's own
 * (real Redis accepts the values); the error format is CONFIG SET's of each version, so clients see an
 * ordinary CONFIG SET error. Values that do nothing on Redis either (appendonly no) are accepted. (save
 * points are honoured: see RdbPersistenceTest.)
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
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - redis-double writes no AOF "
                + "(RDB snapshots only): only appendonly no\r\n", h.run("CONFIG SET hz 5 appendonly yes"));
        assertEquals("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", h.run("CONFIG GET hz"));
    }

    @Test
    void redis62Wording() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_6_2, null);
        assertEquals("-ERR Invalid argument 'yes' for CONFIG SET 'appendonly' - redis-double writes no AOF (RDB "
                + "snapshots only): only appendonly no\r\n", h.run("CONFIG SET appendonly yes"));
    }

    @Test
    void hiddenSettingsWithAnEffectRedisDoubleLacksAreRefusedOtherThanZero() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_2, null);
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'watchdog-period') - watchdog-period is not "
                + "supported by redis-double (no software watchdog): only 0\r\n", h.run("CONFIG SET watchdog-period 200"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'cluster-ping-interval') - cluster-ping-interval is "
                + "not supported by redis-double (no cluster bus pings): only 0\r\n", h.run("CONFIG SET cluster-ping-interval 10"));
        EngineHarness h62 = new EngineHarness(Dialect.REDIS_6_2, null);
        assertEquals("-ERR Invalid argument '200' for CONFIG SET 'watchdog-period' - watchdog-period is not supported by "
                + "redis-double (no software watchdog): only 0\r\n", h62.run("CONFIG SET watchdog-period 200"));
        assertEquals("+OK\r\n", h62.run("CONFIG SET watchdog-period 0"));
    }

    @Test
    void keyLoadDelayPacesRedis62DebugReload() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_6_2, null);
        for (int i = 0; i < 100; i++) h.run("SET k" + i + " v");
        assertEquals("+OK\r\n", h.run("CONFIG SET key-load-delay 2000"));
        long t0 = System.nanoTime();
        assertEquals("+OK\r\n", h.run("DEBUG RELOAD"));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs >= 200, "100 keys at 2 ms each took " + tookMs + " ms");
        assertEquals(":100\r\n", h.run("DBSIZE"));
    }

    @Test
    void aofIsRefused() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - redis-double writes no AOF "
                + "(RDB snapshots only): only appendonly no\r\n", h.run("CONFIG SET appendonly yes"));
        assertEquals("+OK\r\n", h.run("CONFIG SET save \"\""));
        assertEquals("+OK\r\n", h.run("CONFIG SET appendonly no"));
    }
}
