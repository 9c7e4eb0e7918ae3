package io.redisdouble.spring.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/** Jedis, chosen the way an application chooses it, on a TLS-only double. */
@SpringBootTest(properties = "spring.data.redis.client-type=jedis")
class JedisOverTlsOnDoubleTest extends TlsOnDoubleScenarios {
    @Override
    boolean factoryUsesSsl() {
        return ((JedisConnectionFactory) factory).isUseSsl();
    }
}
