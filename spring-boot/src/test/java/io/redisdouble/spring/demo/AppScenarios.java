package io.redisdouble.spring.demo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link DemoApplication} does with Redis, asserted the same way whether the context runs on
 * redis-double 7.0 (subclasses of {@link OnDoubleScenarios}) or on real Redis 7.0.15
 * ({@link OnRealRedisScenarios}), each with Lettuce and with Jedis.
 */
abstract class AppScenarios {
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    TokenLock lock;
    @Autowired
    CartRepository carts;

    @BeforeEach
    void flushAll() {
        redis.execute((RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });
    }

    @Test
    void serverReportsRedis7015() {
        Properties info = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("server"));
        assertEquals("7.0.15", info.getProperty("redis_version"));
    }

    @Test
    void lockIsExclusiveAndReleasedOnlyByItsHolder() {
        assertTrue(lock.acquire("report", "node-a", Duration.ofSeconds(30)));
        assertFalse(lock.acquire("report", "node-b", Duration.ofSeconds(30)));
        long pttl = redis.getExpire("lock:report", TimeUnit.MILLISECONDS);
        assertTrue(pttl > 25_000 && pttl <= 30_000, "PX 30000 set: " + pttl);
        assertFalse(lock.release("report", "node-b"));
        assertEquals("node-a", redis.opsForValue().get("lock:report"));
        assertTrue(lock.release("report", "node-a"));
        assertFalse(redis.hasKey("lock:report"));
        assertTrue(lock.acquire("report", "node-b", Duration.ofSeconds(30)));
    }

    @Test
    void repositoryStoresAHashWithItsTimeToLive() {
        carts.save(new Cart("c1", List.of("apple", "pear"), 60));
        assertEquals(List.of("apple", "pear"), carts.findById("c1").orElseThrow().getItems());
        assertEquals(Set.of("carts", "carts:c1"), redis.keys("carts*"));
        assertEquals("hash", redis.type("carts:c1").code());
        assertEquals(Map.of("_class", Cart.class.getName(), "id", "c1", "items.[0]", "apple", "items.[1]", "pear",
                "ttlSeconds", "60"), redis.<String, String>opsForHash().entries("carts:c1"));
        long ttl = redis.getExpire("carts:c1", TimeUnit.MILLISECONDS);
        assertTrue(ttl > 55_000 && ttl <= 60_000, "@TimeToLive 60: " + ttl);
        assertEquals(Set.of("c1"), redis.opsForSet().members("carts"));

        carts.deleteById("c1");
        assertTrue(carts.findById("c1").isEmpty());
        assertEquals(Set.of(), redis.keys("carts*"));
    }

    @Test
    void sortedSetsAndCounters() {
        redis.opsForZSet().add("board", "ann", 12);
        redis.opsForZSet().add("board", "bob", 7.5);
        redis.opsForZSet().incrementScore("board", "bob", 10);
        assertEquals(List.of("bob", "ann"), List.copyOf(redis.opsForZSet().reverseRange("board", 0, -1)));
        assertEquals(17.5, redis.opsForZSet().score("board", "bob"));
        assertEquals(3L, redis.opsForValue().increment("visits", 3));
        assertEquals(2L, redis.opsForValue().decrement("visits"));
    }
}
