package io.redisdouble.spring.demo;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Boot's default client, Lettuce, on redis-double. */
class LettuceOnDoubleTest extends OnDoubleScenarios {
    @Override
    String factoryAddress() {
        LettuceConnectionFactory f = (LettuceConnectionFactory) factory;
        return f.getHostName() + ":" + f.getPort();
    }
}
