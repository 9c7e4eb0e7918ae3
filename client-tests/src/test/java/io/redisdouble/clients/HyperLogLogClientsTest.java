package io.redisdouble.clients;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.redisdouble.clients.SpringDataRedisTest.Factory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RHyperLogLog;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.data.redis.core.HyperLogLogOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HyperLogLog through real clients, unmodified: Jedis and Lettuce (pfadd / pfcount of one and several
 * keys / pfmerge), Spring Data Redis's {@code opsForHyperLogLog()} over both connection factories, and
 * Redisson's {@code RHyperLogLog}. Each scenario notes every reply — estimates, and the stored bytes
 * (as hex, read back with GET) — in a {@link Transcript}, on real Redis 7.0.15 and then on redis-double;
 * the transcripts must be identical.
 */
class HyperLogLogClientsTest {

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) r.run();
    }

    private static String[] elements(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    private static String hex(byte[] b) {
        return b == null ? "nil" : HexFormat.of().formatHex(b);
    }

    /** Visitors counted per day, a week merged, a large day pushed to the dense encoding. */
    @Test
    void jedis() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try (Jedis j = new Jedis(server.host(), server.port())) {
                seen.note("pfadd mon", j.pfadd("visits:mon", "alice", "bob", "carol"));
                seen.note("pfadd mon again", j.pfadd("visits:mon", "bob"));
                seen.note("pfadd tue", j.pfadd("visits:tue", "bob", "dave"));
                seen.note("pfcount mon", j.pfcount("visits:mon"));
                seen.note("stored mon", hex(j.get("visits:mon".getBytes())));
                seen.note("pfadd wed (2000)", j.pfadd("visits:wed", elements("user-", 0, 2000)));
                seen.note("pfcount wed", j.pfcount("visits:wed"));
                seen.note("strlen wed (dense)", j.strlen("visits:wed"));
                seen.note("pfcount mon tue wed", j.pfcount("visits:mon", "visits:tue", "visits:wed"));
                seen.note("pfmerge week", j.pfmerge("visits:week", "visits:mon", "visits:tue"));
                seen.note("stored week", hex(j.get("visits:week".getBytes())));
                seen.note("pfcount week", j.pfcount("visits:week"));
                seen.note("pfmerge week + wed", j.pfmerge("visits:week", "visits:wed"));
                seen.note("pfcount week", j.pfcount("visits:week"));
                seen.note("type week", j.type("visits:week"));
                j.set("not-hll", "hello");
                try {
                    j.pfcount("not-hll");
                    seen.note("pfcount not-hll", "no error");
                } catch (Exception e) {
                    seen.note("pfcount not-hll", e.getMessage());
                }
            }
        });
    }

    /** The same through Lettuce, with a byte-array codec: a value written by one server is SET on the other. */
    @Test
    void lettuce() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<byte[], byte[]> conn = client.connect(ByteArrayCodec.INSTANCE)) {
                RedisCommands<byte[], byte[]> c = conn.sync();
                byte[] a = "a".getBytes(), b = "b".getBytes(), u = "u".getBytes();
                seen.note("pfadd a", c.pfadd(a, "x".getBytes(), "y".getBytes(), "z".getBytes()));
                byte[][] many = new byte[3000][];
                for (int i = 0; i < many.length; i++) many[i] = ("item:" + i).getBytes();
                seen.note("pfadd b (3000)", c.pfadd(b, many));
                seen.note("pfcount a", c.pfcount(a));
                seen.note("pfcount b", c.pfcount(b));
                seen.note("pfcount a b", c.pfcount(a, b));
                seen.note("pfmerge u a b", c.pfmerge(u, a, b));
                seen.note("pfcount u", c.pfcount(u));
                seen.note("stored a", hex(c.get(a)));
                // a value as another Redis stored it: copied byte for byte, then counted and extended
                byte[] dense = c.get(b);
                seen.note("set copy", c.set("copy".getBytes(), dense));
                seen.note("pfcount copy", c.pfcount("copy".getBytes()));
                seen.note("pfadd copy", c.pfadd("copy".getBytes(), "another".getBytes(), "one".getBytes()));
                seen.note("pfcount copy", c.pfcount("copy".getBytes()));
            } finally {
                client.shutdown();
            }
        });
    }

    /** {@code opsForHyperLogLog()} over Lettuce and Jedis factories. */
    @Test
    void springDataRedis() throws Exception {
        for (Factory kind : Factory.values()) {
            Transcript.compare(Target.both().toList(), (server, seen) -> {
                StringRedisTemplate t = new StringRedisTemplate(connectionFactory(kind, server));
                t.afterPropertiesSet();
                HyperLogLogOperations<String, String> hll = t.opsForHyperLogLog();
                seen.note(kind + " add page:1", hll.add("page:1", "s1", "s2", "s3", "s2"));
                seen.note(kind + " add page:1 again", hll.add("page:1", "s1"));
                seen.note(kind + " add page:2", hll.add("page:2", elements("s", 0, 500)));
                seen.note(kind + " size page:1", hll.size("page:1"));
                seen.note(kind + " size page:2", hll.size("page:2"));
                seen.note(kind + " size both", hll.size("page:1", "page:2"));
                seen.note(kind + " union", hll.union("pages", "page:1", "page:2"));
                seen.note(kind + " size union", hll.size("pages"));
                hll.delete("page:1");
                seen.note(kind + " size after delete", hll.size("page:1"));
                seen.note(kind + " stored page:2 length", t.opsForValue().size("page:2"));
            });
        }
    }

    private org.springframework.data.redis.connection.RedisConnectionFactory connectionFactory(Factory kind, Target server) {
        return SpringFactories.start(kind == Factory.LETTUCE, server, cleanup);
    }

    /** Redisson's RHyperLogLog: add, addAll, count, countWith, mergeWith. */
    @Test
    void redisson() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            Config config = new Config();
            config.useSingleServer().setAddress(server.uri());
            RedissonClient r = Redisson.create(config);
            try {
                RHyperLogLog<String> daily = r.getHyperLogLog("uniq:daily", StringCodec.INSTANCE);
                RHyperLogLog<String> other = r.getHyperLogLog("uniq:other", StringCodec.INSTANCE);
                seen.note("add", daily.add("ip-1"));
                seen.note("add again", daily.add("ip-1"));
                seen.note("addAll", daily.addAll(List.of(elements("ip-", 2, 400))));
                seen.note("count", daily.count());
                seen.note("addAll other", other.addAll(List.of(elements("ip-", 300, 5000))));
                seen.note("count other", other.count());
                seen.note("countWith", daily.countWith("uniq:other"));
                daily.mergeWith("uniq:other");
                seen.note("count after merge", daily.count());
                assertTrue(daily.count() > 4000);
                try (Jedis j = new Jedis(server.host(), server.port())) {
                    seen.note("stored other length", j.strlen("uniq:other"));
                    assertEquals("string", j.type("uniq:daily"));
                }
            } finally {
                r.shutdown(0, 2, TimeUnit.SECONDS);
            }
        });
    }
}
