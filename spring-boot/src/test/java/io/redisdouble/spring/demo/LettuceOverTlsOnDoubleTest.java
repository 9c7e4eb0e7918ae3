package io.redisdouble.spring.demo;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Boot's default client, Lettuce, on a TLS-only double. */
class LettuceOverTlsOnDoubleTest extends TlsOnDoubleScenarios {
    @Override
    boolean factoryUsesSsl() {
        return ((LettuceConnectionFactory) factory).isUseSsl();
    }
}
