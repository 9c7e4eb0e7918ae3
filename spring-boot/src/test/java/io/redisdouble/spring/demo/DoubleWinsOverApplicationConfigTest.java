package io.redisdouble.spring.demo;

import io.redisdouble.RedisDouble;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An application whose own configuration points at another server (a url with a password, host and
 * port, a sentinel) still runs on the double, with the double's version and password; only the
 * database index is taken from the application. 127.0.0.2:1 refuses connections, so a test that
 * reached it would fail.
 */
@SpringBootTest(properties = {
        "spring.data.redis.url=redis://:wrong@127.0.0.2:1/5",
        "spring.data.redis.host=127.0.0.2",
        "spring.data.redis.port=1",
        "spring.data.redis.password=wrong",
        "spring.data.redis.sentinel.master=mymaster",
        "spring.data.redis.sentinel.nodes=127.0.0.2:1",
        "spring.data.redis.database=2"})
@AutoConfigureRedisDouble(version = "6.2", requirepass = "s3cret")
class DoubleWinsOverApplicationConfigTest {
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisDouble server;
    @Autowired
    Environment env;

    @Test
    void applicationRunsOnTheDoubleWithItsVersionAndPassword() {
        Properties info = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("server"));
        assertEquals("6.2.7", info.getProperty("redis_version"));
        assertEquals(String.valueOf(server.port()), info.getProperty("tcp_port"));
        redis.opsForValue().set("k", "v");

        try (Jedis raw = new Jedis(server.host(), server.port())) {
            JedisDataException noauth = assertThrows(JedisDataException.class, raw::ping);
            assertEquals("NOAUTH Authentication required.", noauth.getMessage());
            raw.auth("s3cret");
            assertNull(raw.get("k"), "db 0");
            raw.select(2);
            assertEquals("v", raw.get("k"), "spring.data.redis.database=2 is kept");
        }
    }

    @Test
    void propertiesNameTheDoubleForCodeThatReadsThemItself() {
        String address = server.host() + ":" + server.port();
        assertEquals("redis://:s3cret@" + address + "/2", env.getProperty("spring.data.redis.url"));
        assertEquals(server.host(), env.getProperty("spring.data.redis.host"));
        assertEquals(server.port(), env.getProperty("spring.data.redis.port", Integer.class));
        assertEquals("s3cret", env.getProperty("spring.data.redis.password"));
    }
}
