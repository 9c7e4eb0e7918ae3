package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LATENCY DOCTOR's report on an "expire-cycle" event, against real Redis 7.0.15: the real one expires a
 * 1,000,000-member set (freeing it takes its cycle past the threshold); redis-double, where dropping the
 * set takes no measurable time, is given the same event's sample directly. The report's words, its
 * advice and their order must match (numbers masked).
 */
class LatencyDoctorTest {

    private static String text(String reply) {
        assertTrue(reply.startsWith("$"), reply);
        String t = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        t = t.replaceAll("- I detected a non zero amount of anonymous huge pages[^\n]*\n", "");
        return t.replaceAll("[0-9]+", "N");
    }

    @Test
    void expireCycleAdviceAsRedisGivesIt() {
        String expected;
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0");
             RawRedisClient c = real.openClient(java.time.Duration.ofSeconds(30))) {
            c.call("CONFIG", "SET", "latency-monitor-threshold", "20");
            String filled = new String(c.call("EVAL", "for i = 1, tonumber(ARGV[1]) do redis.call('sadd', KEYS[1], i) end "
                    + "return redis.call('scard', KEYS[1])", "1", "big", "1000000"), StandardCharsets.ISO_8859_1);
            assertEquals(":1000000\r\n", filled);
            c.call("LATENCY", "RESET");
            assertEquals(":1\r\n", new String(c.call("PEXPIRE", "big", "1"), StandardCharsets.ISO_8859_1));
            String latest = "";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!latest.contains("expire-cycle") && System.nanoTime() < deadline) {
                latest = new String(c.call("LATENCY", "LATEST"), StandardCharsets.ISO_8859_1);
            }
            assertTrue(latest.contains("expire-cycle"), latest);
            // no more samples from here (a loaded machine can make any command, LATENCY RESET itself
            // included, take past 20 ms); the expire-cycle report does not quote the threshold
            c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
            // only the cycle's event is compared: redis-double times no expire-del (dropping a key takes no time)
            c.call("LATENCY", "RESET", "command", "fast-command", "expire-del");
            expected = text(new String(c.call("LATENCY", "DOCTOR"), StandardCharsets.ISO_8859_1));
        }
        assertTrue(expected.contains("'CONFIG SET hz N'"), expected);

        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, null);
        h.run("CONFIG SET latency-monitor-threshold 20");
        h.engine.latency.addSample("expire-cycle", 35, Math.floorDiv(h.time.currentTimeMillis(), 1000L));
        h.run("CONFIG SET latency-monitor-threshold 0");
        assertEquals(expected, text(h.run("LATENCY DOCTOR")));
        // with hz at 100 or more, the hz advice goes
        h.run("CONFIG SET hz 100");
        assertTrue(!text(h.run("LATENCY DOCTOR")).contains("'hz'"));
    }
}
