package io.redisdouble.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code @RedisDoubleTest(version = "7.2")} emulates Redis 7.2.6. */
@RedisDoubleTest(version = "7.2")
class Redis72ExtensionTest {

    @Test
    void emulatesRedis72(RedisDouble redis) {
        assertSame(Dialect.REDIS_7_2, redis.dialect());
        redis.command("ZADD", "z", "0.1", "m");
        try (io.redisdouble.testing.RawRedisClient c = new io.redisdouble.testing.RawRedisClient(redis.host(), redis.port())) {
            assertEquals("$3\r\n0.1\r\n", new String(c.call("ZSCORE", "z", "m"), StandardCharsets.US_ASCII));
        }
    }
}
