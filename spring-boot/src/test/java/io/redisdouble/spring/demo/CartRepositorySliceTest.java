package io.redisdouble.spring.demo;

import io.redisdouble.RedisDouble;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.test.autoconfigure.DataRedisTest;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boot's Redis test slice: only the Redis auto-configuration and the repositories (no {@link TokenLock}),
 * on the double.
 */
@DataRedisTest
@AutoConfigureRedisDouble(manualTime = true)
class CartRepositorySliceTest {
    @Autowired
    CartRepository carts;
    @Autowired
    RedisDouble server;
    @Autowired
    ApplicationContext context;

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void sliceRunsOnTheDouble() {
        assertEquals(0, context.getBeanNamesForType(TokenLock.class).length, "a slice, not the whole application");
        carts.save(new Cart("c7", List.of("tea"), 3600));
        assertEquals("hash", server.dump().get("carts:c7"));
        assertEquals(Duration.ofHours(1), server.ttl("carts:c7"));
        server.time().advance(Duration.ofHours(1));
        assertTrue(carts.findById("c7").isEmpty());
    }
}
