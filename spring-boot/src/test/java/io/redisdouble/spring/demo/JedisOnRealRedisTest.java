package io.redisdouble.spring.demo;

import org.springframework.boot.test.context.SpringBootTest;

/** Jedis on real Redis 7.0.15: the reference for {@link JedisOnDoubleTest}. */
@SpringBootTest(properties = "spring.data.redis.client-type=jedis")
class JedisOnRealRedisTest extends OnRealRedisScenarios {
}
