package io.redisdouble.spring.demo;

import io.redisdouble.RedisDouble;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DemoApplication} on redis-double with no Redis configuration at all (no properties, no
 * {@code application.properties}): the shared scenarios, and what only a double allows — virtual time
 * and seeding from the test.
 */
@SpringBootTest
@AutoConfigureRedisDouble(version = "7.0", manualTime = true)
abstract class OnDoubleScenarios extends AppScenarios {
    @Autowired
    RedisDouble server;
    @Autowired
    RedisConnectionFactory factory;
    @Autowired
    DataRedisConnectionDetails details;
    @Autowired
    Environment env;

    /** The connection factory's host and port, whichever client made it. */
    abstract String factoryAddress();

    @Test
    void bootConnectsToTheDouble() {
        String address = server.host() + ":" + server.port();
        assertEquals(address, factoryAddress());
        assertEquals("io.redisdouble.spring.RedisDoubleConnectionDetails", details.getClass().getName(),
                "Boot's own connection details must have stepped aside");
        assertEquals(address, details.getStandalone().getHost() + ":" + details.getStandalone().getPort());
        assertEquals(server.port(), env.getProperty("spring.data.redis.port", Integer.class));
        assertEquals("redis://" + address + "/0", env.getProperty("spring.data.redis.url"));
        redis.opsForValue().set("greeting", "hello");
        assertEquals("hello", server.get("greeting"));
    }

    @Test
    void lockLeaseRunsOutWhenTheTestAdvancesTime() {
        assertTrue(lock.acquire("report", "node-a", Duration.ofSeconds(30)));
        server.time().advance(Duration.ofSeconds(29));
        assertFalse(lock.acquire("report", "node-b", Duration.ofSeconds(30)));
        assertEquals(1_000, redis.getExpire("lock:report", TimeUnit.MILLISECONDS));
        server.time().advance(Duration.ofSeconds(1));
        assertFalse(redis.hasKey("lock:report"));
        assertTrue(lock.acquire("report", "node-b", Duration.ofSeconds(30)));
        assertFalse(lock.release("report", "node-a"), "node-a's lease ran out: it must not delete node-b's lock");
    }

    @Test
    void cartExpiresWhenTheTestAdvancesTime() {
        carts.save(new Cart("c1", List.of("apple"), 60));
        server.time().advance(Duration.ofSeconds(59));
        assertTrue(carts.findById("c1").isPresent());
        server.time().advance(Duration.ofSeconds(1));
        assertTrue(carts.findById("c1").isEmpty());
        assertFalse(server.exists("carts:c1"));
    }

    @Test
    void testSeedsWhatTheApplicationReads() {
        server.set("lock:nightly", "another-node", Duration.ofMinutes(5));
        assertFalse(lock.acquire("nightly", "me", Duration.ofSeconds(30)));
        server.del("lock:nightly");
        assertTrue(lock.acquire("nightly", "me", Duration.ofSeconds(30)));
        assertEquals("me", server.get("lock:nightly"));
    }
}
