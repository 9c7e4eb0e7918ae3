package io.redisdouble.spring.demo;

import io.redisdouble.RedisDouble;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An application whose own configuration ({@code application-elsewhere.properties}: a url with a
 * password, host and port, a sentinel) points at another server still runs on the double, with the
 * double's version and password; only the database index is taken from the application.
 */
@SpringBootTest
@ActiveProfiles("elsewhere")
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
