package io.redisdouble.spring.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/** Jedis, chosen the way an application chooses it, on redis-double. */
@SpringBootTest(properties = "spring.data.redis.client-type=jedis")
class JedisOnDoubleTest extends OnDoubleScenarios {
    @Override
    String factoryAddress() {
        JedisConnectionFactory f = (JedisConnectionFactory) factory;
        return f.getHostName() + ":" + f.getPort();
    }
}
