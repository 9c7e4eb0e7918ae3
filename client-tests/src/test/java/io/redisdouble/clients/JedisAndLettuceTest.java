package io.redisdouble.clients;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisdouble.RedisDouble;
import io.redisdouble.junit.RedisDoubleTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real clients with their default settings: the lock primitive SET NX PX, GET, DEL. */
@RedisDoubleTest(manualTime = true)
class JedisAndLettuceTest {

    @Test
    void plainJedisSendsNoHandshake(RedisDouble redis) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertEquals("OK", jedis.set("lock", "token-1", SetParams.setParams().nx().px(30000)));
            assertNull(jedis.set("lock", "token-2", SetParams.setParams().nx().px(30000)));
            assertEquals("token-1", jedis.get("lock"));
            long pttl = jedis.pttl("lock");
            assertEquals(30000L, pttl, "manual time does not move by itself");
            assertEquals(1L, jedis.del("lock"));
            assertEquals(0L, jedis.del("lock"));
        }
    }

    @Test
    void jedisRedisClientNegotiatesResp3WithHello(RedisDouble redis) {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            assertEquals("OK", client.set("lock", "t", SetParams.setParams().nx().px(30000)));
            assertNull(client.set("lock", "u", SetParams.setParams().nx().px(30000)));
            assertEquals("t", client.get("lock"));
            redis.time().advance(Duration.ofMillis(30000));
            assertNull(client.get("lock"), "expired after exactly 30 s of virtual time");
            assertEquals(0L, client.del("lock"));
        }
    }

    @Test
    void lettuceWithDefaultResp3(RedisDouble redis) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri().toString());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> cmd = conn.sync();
            assertEquals("OK", cmd.set("lock", "t", SetArgs.Builder.nx().px(30000)));
            assertNull(cmd.set("lock", "u", SetArgs.Builder.nx().px(30000)));
            assertEquals("t", cmd.get("lock"));
            assertTrue(cmd.pttl("lock") > 0);
            assertEquals(1L, cmd.del("lock"));
            assertNull(cmd.get("lock"));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
