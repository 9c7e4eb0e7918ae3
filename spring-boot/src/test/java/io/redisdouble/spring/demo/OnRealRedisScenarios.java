package io.redisdouble.spring.demo;

import io.redisdouble.testing.ReferenceRedis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application and scenarios on real Redis 7.0.15 (bundled, started on a free port), wired
 * the ordinary way: {@code spring.data.redis.host} and {@code port}.
 */
@SpringBootTest
abstract class OnRealRedisScenarios extends AppScenarios {
    @DynamicPropertySource
    static void realRedis(DynamicPropertyRegistry registry) {
        ReferenceRedis real = ReferenceRedis.forVersion("7.0");
        registry.add("spring.data.redis.host", real::host);
        registry.add("spring.data.redis.port", real::port);
    }
}
