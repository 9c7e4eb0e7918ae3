package io.redisdouble.junit;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RedisDoubleTest(manualTime = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisDoubleExtensionTest {
    private final RedisDouble fromConstructor;
    private static RedisDouble firstSeen;
    private static Instant startInstant;

    RedisDoubleExtensionTest(RedisDouble redis) {
        this.fromConstructor = redis;
    }

    @Test
    @Order(1)
    void injectsTheServerItsUriAndPort(RedisDouble redis, URI uri, @RedisPort int port) {
        assertSame(fromConstructor, redis);
        assertEquals(redis.port(), port);
        assertEquals(URI.create("redis://127.0.0.1:" + port), uri);
        firstSeen = redis;
        startInstant = redis.time().now();
        redis.set("left-over", "x");
        redis.time().advance(Duration.ofHours(1));
        try (RawRedisClient c = new RawRedisClient(redis.host(), port)) {
            assertEquals("+PONG\r\n", new String(c.call("PING"), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(2)
    void oneServerPerClassFlushedAndClockResetBeforeEachTest(RedisDouble redis) {
        assertSame(firstSeen, redis);
        assertNull(redis.get("left-over"));
        assertEquals(startInstant, redis.time().now());
        assertTrue(redis.time().isManual());
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheOuterServer(RedisDouble redis) {
            assertSame(fromConstructor, redis);
        }
    }
}
