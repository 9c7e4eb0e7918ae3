package io.redisdouble.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.cluster.HashSlots;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * JedisCluster and Lettuce's RedisClusterClient, unmodified, against the emulated cluster and a real
 * 7.0.15 cluster (3 masters, 3 replicas each, started by the test): the same scenario on each, with the
 * same topology changes made to each, must leave the same transcript (ports written as node indexes).
 * Among them the script that touches keys of two nodes or two slots, which a single redis-double lets
 * through and a cluster refuses.
 */
class ClusterClientsTest {

    /** A key whose slot node {@code node} serves at the start, with this prefix. */
    private static String keyOn(int node, String prefix) {
        int[][] ranges = HashSlots.createAllocation(3);
        for (int i = 0; ; i++) {
            String k = prefix + i;
            int slot = RedisCluster.slot(k);
            if (slot >= ranges[node][0] && slot <= ranges[node][1]) return k;
        }
    }

    private static String attempt(Callable<?> c) {
        try {
            return String.valueOf(c.call());
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Runs the scenario against both clusters and compares the transcripts. */
    private static void sameOnBoth(Function<ClusterTarget, List<String>> scenario) {
        List<String> real, emulated;
        try (ClusterTarget t = ClusterTarget.real()) {
            real = scenario.apply(t);
        }
        try (ClusterTarget t = ClusterTarget.emulated()) {
            emulated = scenario.apply(t);
        }
        assertEquals(String.join("\n", real), String.join("\n", emulated));
    }

    @Test
    void singleNodeDoubleLetsThroughWhatAClusterRefuses() {
        String a = keyOn(0, "a"), b = keyOn(1, "b");
        String script = "redis.call('set', KEYS[1], '1'); return redis.call('set', KEYS[2], '2')";
        try (RedisDouble single = RedisDouble.builder().version("7.0").start();
             ClusterTarget cluster = ClusterTarget.emulated()) {
            assertEquals("OK", String.valueOf(single.command("EVAL", script, "2", a, b)));
            try (RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.host(), cluster.port(0)));
                 StatefulRedisClusterConnection<String, String> c = client.connect()) {
                assertEquals("RedisCommandExecutionException: CROSSSLOT Keys in request don't hash to the same slot",
                        attempt(() -> c.sync().eval(script, ScriptOutputType.STATUS, new String[] {a, b})));
            }
        }
    }

    @Test
    void jedisCluster() {
        sameOnBoth(target -> {
            List<String> t = new ArrayList<>();
            try (JedisCluster jc = new JedisCluster(new HostAndPort(target.host(), target.port(0)))) {
                for (String k : List.of("alpha", "beta", "gamma", "{user:1}:name", "{user:1}:mail", "session:9")) {
                    t.add(jc.set(k, "v-" + k));
                    t.add(jc.get(k));
                }
                t.add(jc.mset("{user:1}:a", "1", "{user:1}:b", "2"));
                t.add(String.valueOf(jc.mget("{user:1}:a", "{user:1}:b", "{user:1}:name")));
                t.add(attempt(() -> jc.mset("alpha", "1", "beta", "2")));
                String mine = keyOn(0, "m"), sameNode = keyOn(0, "n"), elsewhere = keyOn(2, "e");
                t.add(attempt(() -> jc.eval("return redis.call('get', KEYS[1])", List.of(mine), List.of())));
                t.add(attempt(() -> jc.eval("redis.call('get', KEYS[1]); return redis.call('get', ARGV[1])",
                        List.of(mine), List.of(elsewhere))));
                t.add(attempt(() -> jc.eval("#!lua\nredis.call('get', KEYS[1]); return redis.call('get', ARGV[1])",
                        List.of(mine), List.of(sameNode))));
                t.add(attempt(() -> jc.eval("#!lua flags=allow-cross-slot-keys\nredis.call('set', KEYS[1], 'x'); return redis.call('set', ARGV[1], 'y')",
                        List.of(mine), List.of(sameNode))));
                t.add(attempt(() -> jc.get(sameNode)));
                // the slot of {user:1} moves to another master: Jedis follows MOVED and renews its slot cache
                int slot = RedisCluster.slot("{user:1}");
                int owner = slot <= HashSlots.createAllocation(3)[0][1] ? 0 : slot <= HashSlots.createAllocation(3)[1][1] ? 1 : 2;
                target.moveSlot(slot, owner, (owner + 1) % 3);
                t.add(String.valueOf(jc.mget("{user:1}:a", "{user:1}:b", "{user:1}:name")));
                t.add(jc.set("{user:1}:c", "3"));
                t.add(String.valueOf(jc.keys("{user:1}*").size()));
            }
            return t;
        });
    }

    @Test
    void lettuceClusterClientFollowsFailoverAndCrash() {
        sameOnBoth(target -> {
            List<String> t = new ArrayList<>();
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(target.host(), target.port(0)));
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                    .build());
            try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
                RedisAdvancedClusterCommands<String, String> sync = conn.sync();
                String k0 = keyOn(0, "k"), k1 = keyOn(1, "k"), k2 = keyOn(2, "k");
                for (String k : List.of(k0, k1, k2)) t.add(sync.set(k, "v-" + k));
                t.add(owners(client, target));
                t.add(attempt(() -> sync.eval("return redis.call('get', KEYS[1]) .. redis.call('get', KEYS[2])",
                        ScriptOutputType.VALUE, new String[] {k0, k1})));
                t.add(attempt(() -> sync.eval("return redis.call('get', '" + k1 + "')", ScriptOutputType.VALUE, new String[] {k0})));

                // CLUSTER FAILOVER on master 0's replica (node 3)
                target.failover(3);
                client.refreshPartitions();
                t.add(owners(client, target));
                t.add(sync.get(k0));
                t.add(sync.set(k0, "after failover"));
                t.add(sync.get(k0));

                // master 1 crashes; its replica (node 4) takes over
                target.crash(1);
                client.refreshPartitions();
                t.add(owners(client, target));
                t.add(sync.get(k1));
                t.add(sync.set(k1, "after crash"));
                t.add(sync.get(k1));
                t.add(sync.get(k2));
            } finally {
                client.shutdown();
            }
            return t;
        });
    }

    /** Which node index Lettuce's partitions name as master of slots 0, 6000 and 12000, and of each node's replicas. */
    private static String owners(RedisClusterClient client, ClusterTarget target) {
        var partitions = client.getPartitions();
        StringBuilder sb = new StringBuilder();
        for (int slot : new int[] {0, 6000, 12000}) {
            sb.append(slot).append("->").append(target.indexOf(partitions.getPartitionBySlot(slot).getUri().getPort())).append(' ');
        }
        List<String> roles = new ArrayList<>();
        for (var n : partitions) {
            if (n.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.FAIL)) continue;
            roles.add(target.indexOf(n.getUri().getPort()) + (n.getRole().isUpstream() ? "M" : "R"));
        }
        roles.sort(null);
        return sb + String.join(",", roles);
    }
}
