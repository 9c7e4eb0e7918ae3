package io.redisdouble.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code @RedisDoubleTest(version = "7.4")} emulates Redis 7.4.1, hash-field expiration included. */
@RedisDoubleTest(version = "7.4")
class Redis74ExtensionTest {

    @Test
    void emulatesRedis74(RedisDouble redis) {
        assertSame(Dialect.REDIS_7_4, redis.dialect());
        redis.command("HSET", "h", "f", "v");
        try (io.redisdouble.testing.RawRedisClient c = new io.redisdouble.testing.RawRedisClient(redis.host(), redis.port())) {
            assertEquals("*1\r\n:1\r\n", new String(c.call("HEXPIREAT", "h", "4102444800", "FIELDS", "1", "f"), StandardCharsets.US_ASCII));
            assertEquals("*1\r\n:4102444800\r\n", new String(c.call("HEXPIRETIME", "h", "FIELDS", "1", "f"), StandardCharsets.US_ASCII));
            assertEquals("$5\r\n7.4.1\r\n", new String(c.call("EVAL", "return redis.REDIS_VERSION", "0"), StandardCharsets.US_ASCII));
        }
    }
}
