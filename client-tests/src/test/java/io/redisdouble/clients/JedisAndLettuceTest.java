package io.redisdouble.clients;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisdouble.RedisDouble;
import io.redisdouble.junit.RedisDoubleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void plainJedisSendsNoHandshake(Target server) {
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertEquals("OK", jedis.set("lock", "token-1", SetParams.setParams().nx().px(30000)));
            assertNull(jedis.set("lock", "token-2", SetParams.setParams().nx().px(30000)));
            assertEquals("token-1", jedis.get("lock"));
            long pttl = jedis.pttl("lock");
            assertTrue(pttl > 29000 && pttl <= 30000, "pttl " + pttl);
            assertEquals(1L, jedis.del("lock"));
            assertEquals(0L, jedis.del("lock"));
        }
    }

    @Test
    void manualTimeDoesNotMoveByItself(RedisDouble redis) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.set("lock", "token-1", SetParams.setParams().nx().px(30000));
            assertEquals(30000L, jedis.pttl("lock"));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void lettuceWithDefaultResp3(Target server) {
        io.lettuce.core.RedisClient client =
                io.lettuce.core.RedisClient.create("redis://" + server.host() + ":" + server.port());
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
