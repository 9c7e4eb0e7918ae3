package io.redisdouble.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code @RedisDoubleTest(version = "8.0")} emulates Redis 8.0.2, HGETDEL / HGETEX / HSETEX included. */
@RedisDoubleTest(version = "8.0", manualTime = true)
class Redis80ExtensionTest {

    @Test
    void emulatesRedis80(RedisDouble redis) {
        assertSame(Dialect.REDIS_8_0, redis.dialect());
        try (io.redisdouble.testing.RawRedisClient c = new io.redisdouble.testing.RawRedisClient(redis.host(), redis.port())) {
            assertEquals(":1\r\n", str(c.call("HSETEX", "h", "EX", "60", "FIELDS", "2", "a", "1", "b", "2")));
            assertEquals("*2\r\n:60\r\n:60\r\n", str(c.call("HTTL", "h", "FIELDS", "2", "a", "b")));
            assertEquals("*1\r\n$1\r\n1\r\n", str(c.call("HGETDEL", "h", "FIELDS", "1", "a")));
            redis.time().advance(java.time.Duration.ofSeconds(60));
            assertEquals("*1\r\n$-1\r\n", str(c.call("HGETEX", "h", "PERSIST", "FIELDS", "1", "b")));
            assertEquals(":0\r\n", str(c.call("EXISTS", "h")));
            assertEquals("$5\r\n8.0.2\r\n", str(c.call("EVAL", "return redis.REDIS_VERSION", "0")));
        }
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
