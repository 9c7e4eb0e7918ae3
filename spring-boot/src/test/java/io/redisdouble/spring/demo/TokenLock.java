package io.redisdouble.spring.demo;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** The usual single-node lock: SET key token NX PX, released by a Lua compare-and-delete. */
@Component
public class TokenLock {
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;

    public TokenLock(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public boolean acquire(String name, String token, Duration lease) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent("lock:" + name, token, lease));
    }

    public boolean release(String name, String token) {
        return Long.valueOf(1).equals(redis.execute(RELEASE, List.of("lock:" + name), token));
    }
}
