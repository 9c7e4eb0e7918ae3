package io.redisdouble.spring.demo;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Lettuce over TLS on Debian's redis-server: the reference for {@link LettuceOverTlsOnDoubleTest}. */
class LettuceOverTlsOnRealRedisTest extends TlsOnRealRedisScenarios {
    @Override
    boolean factoryUsesSsl() {
        return ((LettuceConnectionFactory) factory).isUseSsl();
    }
}
