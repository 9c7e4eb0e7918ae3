package io.redisdouble.spring.demo;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Boot's default client, Lettuce, on redis-double. */
class LettuceOnDoubleTest extends OnDoubleScenarios {
    @Autowired
    ReactiveStringRedisTemplate reactive;

    @Override
    String factoryAddress() {
        LettuceConnectionFactory f = (LettuceConnectionFactory) factory;
        return f.getHostName() + ":" + f.getPort();
    }

    /** Boot's reactive template shares the Lettuce connection factory, hence the double. */
    @Test
    void reactiveTemplateToo() {
        assertEquals(Boolean.TRUE, reactive.opsForValue().set("r", "1", Duration.ofSeconds(10)).block());
        assertEquals("1", server.get("r"));
        assertEquals(Duration.ofSeconds(10), server.ttl("r"));
    }
}
