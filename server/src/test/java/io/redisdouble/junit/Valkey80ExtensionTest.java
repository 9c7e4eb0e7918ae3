package io.redisdouble.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code @RedisDoubleTest(version = "valkey-8.0")} emulates valkey-server 8.0.1. */
@RedisDoubleTest(version = "valkey-8.0")
class Valkey80ExtensionTest {

    @Test
    void emulatesValkey80(RedisDouble redis) {
        assertSame(Dialect.VALKEY_8_0, redis.dialect());
        try (io.redisdouble.testing.RawRedisClient c = new io.redisdouble.testing.RawRedisClient(redis.host(), redis.port())) {
            String hello = new String(c.call("HELLO", "2"), StandardCharsets.US_ASCII);
            assertTrue(hello.startsWith("*14\r\n$6\r\nserver\r\n$6\r\nvalkey\r\n$7\r\nversion\r\n$5\r\n8.0.1\r\n"), hello);
            String info = new String(c.call("INFO", "server"), StandardCharsets.US_ASCII);
            assertTrue(info.contains("\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\n"), info);
            assertEquals("-NOSUB 'unsubscribe' command executed not in subscribed mode\r\n",
                    new String(c.call("UNSUBSCRIBE"), StandardCharsets.US_ASCII));
        }
    }
}
