package io.redisdouble.spring.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/** Jedis over TLS on Debian's redis-server: the reference for {@link JedisOverTlsOnDoubleTest}. */
@SpringBootTest(properties = "spring.data.redis.client-type=jedis")
class JedisOverTlsOnRealRedisTest extends TlsOnRealRedisScenarios {
    @Override
    boolean factoryUsesSsl() {
        return ((JedisConnectionFactory) factory).isUseSsl();
    }
}
