package io.redisdouble.clients;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.util.List;

/** Spring Data Redis connection factories for the client tests: started with default settings. */
final class SpringFactories {
    private SpringFactories() {}

    /**
     * A started Lettuce ({@code lettuce}) or Jedis connection factory for the server, with default
     * settings; its destroy is added to {@code cleanup}.
     */
    static RedisConnectionFactory start(boolean lettuce, Target server, List<Runnable> cleanup) {
        return start(lettuce, server, null, null, cleanup);
    }

    /** As {@link #start(boolean, Target, List)}, authenticating as {@code username} (ACL) when given. */
    static RedisConnectionFactory start(boolean lettuce, Target server, String username, String password,
                                        List<Runnable> cleanup) {
        RedisStandaloneConfiguration conf = new RedisStandaloneConfiguration(server.host(), server.port());
        if (username != null) conf.setUsername(username);
        if (password != null) conf.setPassword(password);
        if (lettuce) {
            LettuceConnectionFactory f = new LettuceConnectionFactory(conf);
            f.afterPropertiesSet();
            f.start();
            cleanup.add(f::destroy);
            return f;
        }
        JedisConnectionFactory f = new JedisConnectionFactory(conf);
        f.afterPropertiesSet();
        f.start();
        cleanup.add(f::destroy);
        return f;
    }
}
