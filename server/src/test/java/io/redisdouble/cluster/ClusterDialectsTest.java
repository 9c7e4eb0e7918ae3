package io.redisdouble.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceCluster;
import io.redisdouble.testing.ReferenceRedis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What differs between versions in cluster mode, for the replies that do not depend on the topology:
 * each version's real server started with {@code --cluster-enabled yes} (a lone node) against a
 * one-master emulated cluster of the same dialect. The topology itself is compared with a real 7.0
 * cluster by {@link ClusterConformanceTest}.
 */
class ClusterDialectsTest {

    /**
     * The real clusters of every test, started all at once before the first (a real cluster takes
     * seconds to converge, mostly waiting: a master that has just started waits 2 s before it says
     * cluster_state:ok), and stopped after the last.
     */
    private static final Map<String, CompletableFuture<AutoCloseable>> REAL = new ConcurrentHashMap<>();
    private static ExecutorService starters;

    @BeforeAll
    static void startRealClustersAtOnce() {
        starters = Executors.newFixedThreadPool(6);
        versions().forEach(v -> {
            REAL.put("two masters " + v, CompletableFuture.<AutoCloseable>supplyAsync(() -> ReferenceCluster.start(v, 2), starters));
            REAL.put("master and replica " + v, CompletableFuture.<AutoCloseable>supplyAsync(() -> ReferenceCluster.start(v, 1, 1), starters));
            REAL.put("lone node " + v, CompletableFuture.<AutoCloseable>supplyAsync(() -> ReferenceCluster.startLoneNode(v), starters));
        });
    }

    @AfterAll
    static void stopRealClusters() throws Exception {
        for (CompletableFuture<AutoCloseable> f : REAL.values()) {
            AutoCloseable c = f.exceptionally(e -> null).join();
            if (c != null) c.close();
        }
        REAL.clear();
        starters.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    private static <T> T real(String what, String version) {
        return (T) REAL.get(what + " " + version).join();
    }

    static Stream<String> versions() {
        return ReferenceRedis.liveVersions("ClusterDialectsTest", "6.2", "7.0", "7.2", "7.4", "8.0", "valkey-8.0").stream();
    }

    private static final List<List<String>> COMMANDS = List.of(
            List.of("CLUSTER", "HELP"),
            List.of("CLUSTER", "KEYSLOT", "{user}:1"),
            List.of("CLUSTER", "KEYSLOT"),
            List.of("CLUSTER", "COUNTKEYSINSLOT", "-1"),
            List.of("CLUSTER", "COUNTKEYSINSLOT", "x"),
            List.of("CLUSTER", "GETKEYSINSLOT", "1", "-1"),
            List.of("CLUSTER", "FAILOVER"),
            List.of("CLUSTER", "FAILOVER", "sideways"),
            List.of("CLUSTER", "REPLICAS", "nosuchnode"),
            List.of("CLUSTER", "COUNT-FAILURE-REPORTS", "nosuchnode"),
            List.of("CLUSTER", "NOSUCH"),
            List.of("CLUSTER", "SHARDS", "x"),
            List.of("INFO", "cluster"),
            List.of("READONLY"),
            List.of("READWRITE"),
            List.of("ASKING"),
            List.of("SELECT", "1"),
            List.of("SELECT", "0"),
            List.of("SWAPDB", "0", "1"),
            List.of("EVAL", "#!lua flags=no-cluster\nreturn 1", "0"),
            List.of("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function{function_name='f', callback=function() return 1 end, flags={'no-cluster'}}"),
            List.of("FCALL", "f", "0"));

    /**
     * A two-master cluster of each version (slots and epochs as redis-cli sets them) against a two-master
     * emulated cluster: the topology replies on each node with ids and ports normalised, routing,
     * scripts and transactions, in RESP2 and RESP3.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void twoMasterClusterOfEachVersion(String version) {
        ReferenceCluster real = real("two masters", version);
        try (RedisCluster emulated = RedisDouble.cluster().version(version).masters(2).start()) {
            for (int node = 0; node < 2; node++) {
                try (RawRedisClient r = real.node(node).openClient();
                     RawRedisClient e = new RawRedisClient("127.0.0.1", emulated.masters().get(node).port())) {
                    for (int proto : new int[] {2, 3}) {
                        if (proto == 3) {
                            r.call("HELLO", "3");
                            e.call("HELLO", "3");
                        }
                        for (String[] cmd : new String[][] {{"CLUSTER", "SLOTS"}, {"CLUSTER", "MYID"}, {"SET", "{a}1", "x"},
                                {"GET", "{b}1"}, {"MSET", "{a}1", "1", "{b}2", "2"}, {"MULTI"}, {"SET", "{a}1", "1"},
                                {"SET", "{b}1", "1"}, {"EXEC"}, {"EVAL", "return redis.call('get', KEYS[1])", "2", "{a}1", "{b}1"},
                                {"EVAL", "#!lua\nredis.call('get', '{a}1'); return redis.call('get', '{a}2')", "0"},
                                {"EVAL", "return redis.call('get', '{b}1')", "0"},
                                {"CLUSTER", "COUNTKEYSINSLOT", Integer.toString(HashSlots.slot("{a}1".getBytes(StandardCharsets.UTF_8)))},
                                {"CLUSTER", "REPLICAS", "x"}, {"INFO", "cluster"}}) {
                            assertEquals(ClusterReplies.real(real, r.call(cmd)), ClusterReplies.emulated(emulated, e.call(cmd)),
                                    version + " node " + node + " RESP" + proto + ": " + String.join(" ", cmd));
                        }
                        // MYSHARDID (7.2+): random on both, so its shape: a 40-character id, or the same error
                        assertEquals(ClusterReplies.real(real, r.call("CLUSTER", "MYSHARDID")).replaceAll("[0-9a-f]{40}", "ID"),
                                ClusterReplies.emulated(emulated, e.call("CLUSTER", "MYSHARDID")).replaceAll("[0-9a-f]{40}", "ID"),
                                version + " CLUSTER MYSHARDID");
                        assertEquals(ClusterReplies.shards(ClusterReplies.real(real, r.call("CLUSTER", "SHARDS"))),
                                ClusterReplies.shards(ClusterReplies.emulated(emulated, e.call("CLUSTER", "SHARDS"))),
                                version + " node " + node + " RESP" + proto + " CLUSTER SHARDS");
                        assertEquals(ClusterReplies.nodes(ClusterReplies.real(real, r.call("CLUSTER", "NODES"))),
                                ClusterReplies.nodes(ClusterReplies.emulated(emulated, e.call("CLUSTER", "NODES"))),
                                version + " node " + node + " CLUSTER NODES");
                        assertEquals(ClusterReplies.infoHead(r.call("CLUSTER", "INFO")), ClusterReplies.infoHead(e.call("CLUSTER", "INFO")),
                                version + " node " + node + " CLUSTER INFO");
                    }
                }
            }
        }
    }

    /** A master and its replica of each version: INFO replication and HELLO on both, CLUSTER REPLICAS. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void masterAndReplicaOfEachVersion(String version) {
        ReferenceCluster real = real("master and replica", version);
        try (RedisCluster emulated = RedisDouble.cluster().version(version).masters(1).replicasPerMaster(1).start()) {
            for (int node = 0; node < 2; node++) {
                try (RawRedisClient r = real.node(node).openClient();
                     RawRedisClient e = new RawRedisClient("127.0.0.1", emulated.nodes().get(node).port())) {
                    assertEquals(replication(ClusterReplies.real(real, r.call("INFO", "replication"))),
                            replication(ClusterReplies.emulated(emulated, e.call("INFO", "replication"))), version + " node " + node);
                    assertEquals(ClusterReplies.replicas(ClusterReplies.real(real, r.call("CLUSTER", "REPLICAS", real.ids().get(0)))),
                            ClusterReplies.replicas(ClusterReplies.emulated(emulated, e.call("CLUSTER", "REPLICAS", emulated.nodes().get(0).id()))),
                            version + " node " + node + " CLUSTER REPLICAS");
                    r.call("READONLY");
                    e.call("READONLY");
                    assertEquals(ClusterReplies.real(real, r.call("GET", "{a}")), ClusterReplies.emulated(emulated, e.call("GET", "{a}")));
                    assertEquals(ClusterReplies.real(real, r.call("SET", "{a}", "1")), ClusterReplies.emulated(emulated, e.call("SET", "{a}", "1")));
                }
            }
        }
    }

    /** INFO replication's text with offsets, replication ids and io/lag seconds blanked. */
    private static String replication(String normalisedReply) {
        return ClusterReplies.text(normalisedReply).replaceAll("(offset|histlen)([:=])\\d+", "$1$2N")
                .replaceAll("master_replid:[0-9a-f]{40}", "master_replid:R").replaceAll("lag=\\d+", "lag=N")
                .replaceAll("master_last_io_seconds_ago:\\d+", "master_last_io_seconds_ago:N");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void repliesThatDoNotDependOnTheTopology(String version) {
        ReferenceRedis real = real("lone node", version);
        try (RedisCluster emulated = RedisDouble.cluster().version(version).masters(1).start();
             RawRedisClient r = real.openClient();
             RawRedisClient e = new RawRedisClient("127.0.0.1", emulated.masters().get(0).port())) {
            for (List<String> cmd : COMMANDS) {
                String[] argv = cmd.toArray(new String[0]);
                assertEquals(new String(r.call(argv), StandardCharsets.UTF_8), new String(e.call(argv), StandardCharsets.UTF_8),
                        version + ": " + String.join(" ", cmd));
            }
        }
    }
}
