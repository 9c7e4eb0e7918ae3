package io.redisdouble.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MEMORY USAGE is an estimate on both servers (Redis samples big collections and measures its allocator's
 * blocks), so it is not compared byte for byte (memory.txt compares its shape): here the double's figure
 * for each kind of value, small and large, must stay within a third of real 7.0.15's for the same value.
 */
class MemoryUsageTest {
    @Test
    void estimatesStayCloseToRealRedis() {
        ReferenceRedis real = ReferenceRedis.forVersion("7.0");
        try (RedisDouble dbl = RedisDouble.builder().version("7.0").start();
             RawRedisClient r = real.openClient();
             RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            List<String> report = new ArrayList<>();
            boolean ok = true;
            for (RawRedisClient c : List.of(r, d)) {
                c.call("FLUSHALL");
                c.call("SET", "int", "1");
                c.call("SET", "short", "hello");
                c.call("SET", "long", "x".repeat(100));
                c.call("RPUSH", "list", "a", "b", "c");
                c.call("SADD", "intset", "1", "2", "3");
                c.call("SADD", "set", "a", "b", "c");
                c.call("ZADD", "zset", "1", "a", "2", "b");
                c.call("HSET", "hash", "f", "v", "g", "w");
                c.call("XADD", "stream", "1-0", "f", "v");
                for (int i = 1; i <= 300; i++) {
                    c.call("SADD", "bigset", "m" + i);
                    c.call("ZADD", "bigzset", Integer.toString(i), "m" + i);
                    c.call("HSET", "bighash", "f" + i, "v" + i);
                    c.call("RPUSH", "biglist", "e" + i);
                }
                for (int i = 1; i <= 2000; i++) c.call("XADD", "bigstream", i + "-0", "f", "v" + i);
            }
            for (String key : List.of("int", "short", "long", "list", "intset", "set", "zset", "hash", "stream",
                    "bigset", "bigzset", "bighash", "biglist", "bigstream")) {
                long expected = usage(r, key), actual = usage(d, key);
                double ratio = (double) actual / expected;
                report.add(key + ": real " + expected + ", double " + actual);
                ok &= ratio >= 0.75 && ratio <= 1.33;
            }
            assertTrue(ok, String.join("\n", report));
        }
    }

    private static long usage(RawRedisClient c, String key) {
        String reply = new String(c.call("MEMORY", "USAGE", key), StandardCharsets.US_ASCII);
        if (!reply.startsWith(":")) throw new AssertionError(key + ": " + reply);
        return Long.parseLong(reply.substring(1).trim());
    }
}
