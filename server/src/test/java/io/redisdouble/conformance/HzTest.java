package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.command.EngineHarness;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code hz}: how often the server's cron runs (idle clients, blocked-client timeouts, active expiry).
 * CONFIG SET clamps it to 1..500; with dynamic-hz (the default) Redis doubles it while there are more
 * than 200 clients per tick, and INFO shows both figures.
 */
class HzTest {

    private static String info(RawRedisClient c) {
        String info = new String(c.call("INFO", "server"), StandardCharsets.ISO_8859_1);
        int i = info.indexOf("\r\nhz:");
        int j = info.indexOf("\r\nconfigured_hz:");
        return info.substring(i + 2, info.indexOf('\r', i + 2)) + " " + info.substring(j + 2, info.indexOf('\r', j + 2));
    }

    /** INFO's hz after serverCron has run with the present clients (it runs at least once a second). */
    private static String settledInfo(RawRedisClient c, String expected) throws InterruptedException {
        for (int i = 0; i < 300 && !info(c).equals(expected); i++) Thread.sleep(10);
        return info(c);
    }

    static List<String> transcript(int port, boolean real) throws Exception {
        List<String> out = new ArrayList<>();
        List<RawRedisClient> many = new ArrayList<>();
        try (RawRedisClient admin = new RawRedisClient("127.0.0.1", port)) {
            out.add(new String(admin.call("CONFIG", "SET", "hz", "0"), StandardCharsets.US_ASCII));
            out.add(new String(admin.call("CONFIG", "GET", "hz"), StandardCharsets.US_ASCII));
            out.add(real ? settledInfo(admin, "hz:1 configured_hz:1") : info(admin));
            out.add(new String(admin.call("CONFIG", "SET", "hz", "1000"), StandardCharsets.US_ASCII));
            out.add(real ? settledInfo(admin, "hz:500 configured_hz:500") : info(admin));
            admin.call("CONFIG", "SET", "hz", "1");
            for (int i = 0; i < 450; i++) many.add(new RawRedisClient("127.0.0.1", port));
            many.get(449).call("PING");
            // 451 clients at hz 1: 451 > 200 per tick, then 225 > 200 at hz 2: Redis runs at hz 4.
            out.add(real ? settledInfo(admin, "hz:4 configured_hz:1") : info(admin));
            out.add(new String(admin.call("CONFIG", "SET", "dynamic-hz", "no"), StandardCharsets.US_ASCII));
            out.add(real ? settledInfo(admin, "hz:1 configured_hz:1") : info(admin));
            admin.call("CONFIG", "SET", "dynamic-hz", "yes");
            admin.call("CONFIG", "SET", "hz", "10");
        } finally {
            for (RawRedisClient c : many) c.close();
        }
        return out;
    }

    @Test
    void hzIsClampedAndDynamicAsInRedis() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0");
             RedisDouble dbl = RedisDouble.builder().version("7.0").start()) {
            List<String> expected = transcript(real.port(), true);
            assertEquals("hz:4 configured_hz:1", expected.get(5), expected.toString());
            assertEquals(expected, transcript(dbl.port(), false));
        }
    }

    @Test
    void theCronRunsEvery1000OverHzMilliseconds() {
        EngineHarness h = new EngineHarness();
        assertEquals(100, h.engine.cronPeriodMillis());
        h.run("CONFIG SET hz 50");
        assertEquals(20, h.engine.cronPeriodMillis());
        h.run("CONFIG SET hz 0");
        assertEquals(1000, h.engine.cronPeriodMillis());
        h.run("CONFIG SET hz 100000");
        assertEquals(2, h.engine.cronPeriodMillis());
    }
}
