package io.redisdouble.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceCluster;
import io.redisdouble.testing.ReferenceRedis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulated cluster against a real three-master Redis 7.0.15 cluster started by the test
 * ({@link ReferenceCluster}): the same requests sent to node i of each, replies compared byte for byte
 * once node ids, ports and timestamps (which cannot agree) are replaced by the node's index.
 */
class ClusterConformanceTest {
    private static ReferenceCluster real;
    private static RedisCluster emulated;

    @BeforeAll
    static void start() {
        real = ReferenceCluster.start("7.0", 3);
        emulated = RedisDouble.cluster().version("7.0").masters(3).manualTime().start();
    }

    @AfterAll
    static void stop() {
        if (emulated != null) emulated.close();
        if (real != null) real.close();
    }

    @BeforeEach
    void flush() {
        real.flushAll();
        emulated.flushAll();
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    /** A connection to node i of both clusters. */
    private static final class Pair implements AutoCloseable {
        final RawRedisClient r, e;
        final int node;

        Pair(int node) {
            this.node = node;
            ReferenceRedis n = real.node(node);
            r = new RawRedisClient(n.host(), n.port());
            e = new RawRedisClient("127.0.0.1", emulated.masters().get(node).port());
        }

        /** Sends the command to both; asserts the normalised replies are equal; returns the emulated one. */
        String same(String... argv) {
            String want = normaliseReal(r.call(argv));
            String got = normaliseEmulated(e.call(argv));
            assertEquals(want, got, "node " + node + ": " + String.join(" ", argv));
            return got;
        }

        @Override
        public void close() {
            r.close();
            e.close();
        }
    }

    private static String normaliseReal(byte[] reply) {
        return ClusterReplies.real(real, reply);
    }

    private static String normaliseEmulated(byte[] reply) {
        return ClusterReplies.emulated(emulated, reply);
    }

    /** A key that lives on node {@code node} (by the allocation both clusters use), with this prefix. */
    private static String keyOn(int node, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (real.ownerIndex(RedisCluster.slot(k)) == node) return k;
        }
    }

    // ---- routing ----------------------------------------------------------------------------------------

    @Test
    void keysAreServedByTheirOwnerAndRedirectedElsewhere() {
        for (int node = 0; node < 3; node++) {
            try (Pair p = new Pair(node)) {
                for (String key : List.of("foo", "bar", "user:1", "{user}:2", "a{}b", "{}", "x{y}z", "session:42")) {
                    p.same("SET", key, "v");
                    p.same("GET", key);
                    p.same("INCR", key);
                    p.same("EXPIRE", key, "100");
                }
                p.same("GET", "");
                p.same("PING");
                p.same("DBSIZE");
            }
        }
    }

    @Test
    void multiKeyCommandsNeedOneSlot() {
        try (Pair p = new Pair(0)) {
            String a = keyOn(0, "a"), b = keyOn(0, "b");
            p.same("MSET", a, "1", b, "2");
            p.same("MSET", "{t}a", "1", "{t}b", "2");
            p.same("MGET", "{t}a", "{t}b", "{t}a");
            p.same("DEL", a, a);
            p.same("SUNIONSTORE", "{t}dst", "{t}a", "{t}b");
            p.same("ZUNIONSTORE", "{t}dst", "2", "{t}a", a);
            p.same("RENAME", a, b);
            p.same("BLPOP", a, b, "0");
            p.same("XREAD", "STREAMS", a, b, "0", "0");
            p.same("EVAL", "return 1", "2", a, b);
            p.same("OBJECT", "ENCODING", a);
        }
    }

    @Test
    void transactions() {
        for (int node = 0; node < 3; node++) {
            try (Pair p = new Pair(node)) {
                String mine = keyOn(node, "m"), mine2 = keyOn(node, "n"), other = keyOn((node + 1) % 3, "o");
                p.same("MULTI");
                p.same("SET", mine, "1");
                p.same("SET", mine2, "2");
                p.same("EXEC");
                p.same("MULTI");
                p.same("SET", "{t}1", "1");
                p.same("SET", other, "1");
                p.same("EXEC");
                p.same("MULTI");
                p.same("SET", "{q}1", "1");
                p.same("GET", "{q}2");
                p.same("EXEC");
                p.same("EXEC");
                p.same("WATCH", other);
                p.same("WATCH", mine);
                p.same("MULTI");
                p.same("INCR", mine);
                p.same("EXEC");
                p.same("DISCARD");
            }
        }
    }

    @Test
    void scripts() {
        try (Pair p = new Pair(1)) {
            String mine = keyOn(1, "s"), mine2 = keyOn(1, "t"), other = keyOn(2, "u");
            p.same("EVAL", "return redis.call('set', KEYS[1], 'x')", "1", mine);
            p.same("EVAL", "return redis.call('get', KEYS[1])", "1", other);
            p.same("EVAL", "return redis.call('get', '" + other + "')", "0");
            p.same("EVAL", "return redis.pcall('get', '" + other + "')", "0");
            p.same("EVAL", "redis.call('get', '" + mine + "'); return redis.call('get', '" + mine2 + "')", "0");
            p.same("EVAL", "redis.call('get', KEYS[1]); return redis.call('get', '" + mine2 + "')", "1", mine);
            p.same("EVAL", "#!lua flags=allow-cross-slot-keys\nredis.call('get', '" + mine + "'); return redis.call('get', '" + mine2 + "')", "0");
            p.same("EVAL", "#!lua flags=allow-cross-slot-keys\nreturn redis.call('get', '" + other + "')", "0");
            p.same("EVAL", "#!lua flags=no-cluster\nreturn 1", "0");
            p.same("EVAL", "#!lua\nreturn redis.call('get', '" + mine + "')", "0");
            p.same("EVAL", "return redis.call('ping')", "0");
            p.same("EVAL", "#!lua\nreturn redis.call('get', KEYS[1])", "2", mine, mine2);
            p.same("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(k) return redis.call('get', k[1]) end)\n"
                    + "redis.register_function{function_name='g', callback=function(k, a) redis.call('get', a[1]); return redis.call('get', a[2]) end, flags={'allow-cross-slot-keys'}}\n"
                    + "redis.register_function{function_name='h', callback=function() return 1 end, flags={'no-cluster'}}");
            p.same("FCALL", "f", "1", mine);
            p.same("FCALL", "f", "1", other);
            p.same("FCALL", "g", "0", mine, mine2);
            p.same("FCALL", "h", "0");
            p.same("FUNCTION", "DELETE", "lib");
        }
    }

    @Test
    void connectionStateCommands() {
        try (Pair p = new Pair(2)) {
            p.same("SELECT", "0");
            p.same("SELECT", "1");
            p.same("SELECT", "abc");
            p.same("READONLY");
            p.same("READWRITE");
            p.same("ASKING");
            p.same("READONLY", "x");
            p.same("INFO", "cluster");
            p.same("MOVE", "k", "1");
            p.same("SWAPDB", "0", "1");
            String k = keyOn(2, "k");
            p.same("SET", k, "v");
            p.same("MOVE", k, "1");
            p.same("COPY", k, k + "x", "DB", "1");
            p.same("COPY", k, "{" + k + "}", "DB", "0");
        }
    }

    // ---- CLUSTER ----------------------------------------------------------------------------------------

    @Test
    void clusterIntrospection() {
        for (int node = 0; node < 3; node++) {
            try (Pair p = new Pair(node)) {
                p.same("CLUSTER", "MYID");
                p.same("CLUSTER", "HELP");
                p.same("CLUSTER", "KEYSLOT", "foo");
                p.same("CLUSTER", "KEYSLOT", "{user}:1");
                p.same("CLUSTER", "KEYSLOT", "");
                String k = keyOn(node, "c");
                p.same("SET", k, "1");
                int slot = RedisCluster.slot(k);
                p.same("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot));
                p.same("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "10");
                p.same("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "0");
                for (String step : new String[] {"a", "b", "c", "-b", "b", "a", "-c", "d", "e"}) {
                    String tagged = "{" + k + "}" + step.replace("-", "");
                    if (step.startsWith("-")) p.same("DEL", tagged);
                    else p.same("SET", tagged, step);
                }
                p.same("RENAME", "{" + k + "}a", "{" + k + "}f");
                p.same("CLUSTER", "GETKEYSINSLOT", Integer.toString(RedisCluster.slot(k)), "10");
                p.same("CLUSTER", "GETKEYSINSLOT", Integer.toString(RedisCluster.slot(k)), "2");
                p.same("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(RedisCluster.slot(k)));
                p.same("CLUSTER", "COUNTKEYSINSLOT", "16384");
                p.same("CLUSTER", "COUNTKEYSINSLOT", "-1");
                p.same("CLUSTER", "COUNTKEYSINSLOT", "abc");
                p.same("CLUSTER", "GETKEYSINSLOT", "1", "-1");
                p.same("CLUSTER", "GETKEYSINSLOT", "x", "1");
                p.same("CLUSTER", "GETKEYSINSLOT", "1", "x");
                p.same("CLUSTER", "KEYSLOT");
                p.same("CLUSTER", "COUNT-FAILURE-REPORTS", "nosuchnode");
                p.same("CLUSTER", "REPLICAS", "nosuchnode");
                p.same("CLUSTER", "SLAVES", "nosuchnode");
                p.same("CLUSTER", "FAILOVER");
                p.same("CLUSTER", "FAILOVER", "sideways");
                p.same("CLUSTER", "NOSUCHSUB");
                p.same("CLUSTER", "SLOTS");
            }
        }
    }

    @Test
    void clusterAnswersNamingNodes() {
        for (int node = 0; node < 3; node++) {
            try (RawRedisClient r = new RawRedisClient(real.node(node).host(), real.node(node).port());
                 RawRedisClient e = new RawRedisClient("127.0.0.1", emulated.masters().get(node).port())) {
                for (int other = 0; other < 3; other++) {
                    assertEquals(normaliseReal(r.call("CLUSTER", "COUNT-FAILURE-REPORTS", real.ids().get(other))),
                            normaliseEmulated(e.call("CLUSTER", "COUNT-FAILURE-REPORTS", emulated.masters().get(other).id())));
                    assertEquals(normaliseReal(r.call("CLUSTER", "REPLICAS", real.ids().get(other))),
                            normaliseEmulated(e.call("CLUSTER", "REPLICAS", emulated.masters().get(other).id())));
                }
            }
        }
    }

    @Test
    void clusterInfoNodesAndShards() {
        for (int node = 0; node < 3; node++) {
            try (Pair p = new Pair(node)) {
                String realInfo = ReferenceClusterText.text(p.r.call("CLUSTER", "INFO"));
                String ourInfo = ReferenceClusterText.text(p.e.call("CLUSTER", "INFO"));
                // the state, slots, nodes and epochs exactly; the bus statistics by name
                assertEquals(firstLines(realInfo, 9), firstLines(ourInfo, 9));
                assertEquals(statNames(realInfo), statNames(ourInfo));

                String realNodes = normaliseNodes(normaliseReal(p.r.call("CLUSTER", "NODES")));
                String ourNodes = normaliseNodes(normaliseEmulated(p.e.call("CLUSTER", "NODES")));
                assertEquals(realNodes, ourNodes);

                assertEquals(sortedShards(normaliseReal(p.r.call("CLUSTER", "SHARDS"))),
                        sortedShards(normaliseEmulated(p.e.call("CLUSTER", "SHARDS"))));
            }
        }
    }

    private static String firstLines(String s, int n) {
        return String.join("\n", Arrays.asList(s.split("\r\n")).subList(0, n));
    }

    /** The names of CLUSTER INFO's lines after the first nine, the per-type message counters left out. */
    private static List<String> statNames(String info) {
        List<String> out = new ArrayList<>();
        List<String> lines = Arrays.asList(info.split("\r\n"));
        for (String l : lines.subList(9, lines.size())) {
            String name = l.substring(0, l.indexOf(':'));
            if (name.matches("cluster_stats_messages_[a-z-]+_(sent|received)")) continue;
            out.add(name);
        }
        return out;
    }

    private static String normaliseNodes(String verbatim) {
        return ClusterReplies.nodes(verbatim);
    }

    private static String sortedShards(String s) {
        return ClusterReplies.shards(s);
    }

    // ---- pub/sub ----------------------------------------------------------------------------------------

    @Test
    void publishReachesEveryNodeAndShardChannelsTheirShard() {
        try (Pair sub = new Pair(1); Pair pub = new Pair(0)) {
            sub.same("SUBSCRIBE", "news");
            pub.same("PUBLISH", "news", "hello");
            assertEquals(normaliseReal(sub.r.readReply()), normaliseEmulated(sub.e.readReply()));
            String shardChannel = keyOn(1, "ch");
            sub.same("SSUBSCRIBE", shardChannel);
            pub.same("SPUBLISH", shardChannel, "m");
            pub.same("SSUBSCRIBE", shardChannel);
        }
        try (Pair p = new Pair(1); Pair q = new Pair(1)) {
            String shardChannel = keyOn(1, "sh");
            p.same("SSUBSCRIBE", shardChannel);
            q.same("SPUBLISH", shardChannel, "m");
            assertEquals(normaliseReal(p.r.readReply()), normaliseEmulated(p.e.readReply()));
            p.same("SSUBSCRIBE", keyOn(1, "a"), keyOn(1, "b"));
            p.same("SUNSUBSCRIBE", keyOn(0, "x"));
        }
    }

    /** Reads the text of bulk and verbatim replies. */
    static final class ReferenceClusterText {
        static String text(byte[] reply) {
            return ClusterReplies.text(reply);
        }
    }
}
