package io.redisdouble.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisCluster;
import io.redisdouble.cluster.HashSlots;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Spring Data Redis with {@code RedisClusterConfiguration}, over Lettuce and over Jedis, with default
 * settings: the seed's lock, values, hashes, sorted sets, a script, the cluster's view of itself, and a
 * slot move, against the emulated cluster and a real 7.0.15 cluster; identical transcripts.
 */
class SpringDataRedisClusterTest {

    private static String attempt(Callable<?> c) {
        try {
            return String.valueOf(c.call());
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            return e.getClass().getSimpleName() + " / " + root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }

    private static List<String> scenario(ClusterTarget target, boolean lettuce) {
        List<String> t = new ArrayList<>();
        RedisClusterConfiguration conf = new RedisClusterConfiguration(List.of(target.host() + ":" + target.port(0)));
        org.springframework.data.redis.connection.RedisConnectionFactory factory;
        Runnable destroy;
        if (lettuce) {
            LettuceConnectionFactory f = new LettuceConnectionFactory(conf);
            f.afterPropertiesSet();
            f.start();
            factory = f;
            destroy = f::destroy;
        } else {
            JedisConnectionFactory f = new JedisConnectionFactory(conf);
            f.afterPropertiesSet();
            f.start();
            factory = f;
            destroy = f::destroy;
        }
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            redis.afterPropertiesSet();
            t.add("lock " + redis.opsForValue().setIfAbsent("job:lock", "me", Duration.ofSeconds(60)));
            t.add("lock again " + redis.opsForValue().setIfAbsent("job:lock", "you", Duration.ofSeconds(60)));
            for (String k : List.of("a", "b", "c", "{order:7}:status")) redis.opsForValue().set(k, "v-" + k);
            t.add(String.valueOf(redis.opsForValue().multiGet(List.of("a", "b", "c"))));
            redis.opsForHash().putAll("{order:7}:lines", Map.of("sku1", "2", "sku2", "1"));
            t.add(String.valueOf(new java.util.TreeMap<>(redis.opsForHash().entries("{order:7}:lines"))));
            redis.opsForZSet().add("{board}", "ann", 3);
            redis.opsForZSet().add("{board}", "bob", 1);
            t.add(String.valueOf(redis.opsForZSet().rangeWithScores("{board}", 0, -1).stream()
                    .map(x -> x.getValue() + "=" + x.getScore()).toList()));
            DefaultRedisScript<Long> release = new DefaultRedisScript<>(
                    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", Long.class);
            t.add("release " + redis.execute(release, List.of("job:lock"), "me"));
            t.add("cross-slot script " + attempt(() -> redis.execute(new DefaultRedisScript<>(
                    "return redis.call('get', KEYS[1])", String.class), List.of("a", "b"))));
            var cluster = factory.getClusterConnection();
            try {
                List<String> masters = new ArrayList<>();
                for (RedisClusterNode n : cluster.clusterGetNodes()) {
                    if (n.isMaster()) masters.add(target.indexOf(n.getPort()) + ":" + n.getSlotRange().getSlots().size());
                }
                masters.sort(null);
                t.add("masters " + masters);
                t.add("slot of {order:7} " + cluster.clusterGetSlotForKey("{order:7}".getBytes()));
                t.add("keys in it " + cluster.clusterCountKeysInSlot(cluster.clusterGetSlotForKey("{order:7}".getBytes())));
            } finally {
                cluster.close();
            }
            int slot = RedisCluster.slot("{order:7}");
            int[][] ranges = HashSlots.createAllocation(3);
            int owner = slot <= ranges[0][1] ? 0 : slot <= ranges[1][1] ? 1 : 2;
            target.moveSlot(slot, owner, (owner + 1) % 3);
            t.add("after move " + redis.opsForValue().get("{order:7}:status") + " "
                    + new java.util.TreeMap<>(redis.opsForHash().entries("{order:7}:lines")));
            redis.opsForValue().set("{order:7}:status", "shipped");
            t.add("written " + redis.opsForValue().get("{order:7}:status"));
        } finally {
            destroy.run();
        }
        return t;
    }

    @ParameterizedTest(name = "lettuce={0}")
    @ValueSource(booleans = {true, false})
    void clusterConfiguration(boolean lettuce) {
        List<String> real, emulated;
        try (ClusterTarget t = ClusterTarget.real()) {
            real = scenario(t, lettuce);
        }
        try (ClusterTarget t = ClusterTarget.emulated()) {
            emulated = scenario(t, lettuce);
        }
        assertEquals(String.join("\n", real), String.join("\n", emulated));
    }
}
