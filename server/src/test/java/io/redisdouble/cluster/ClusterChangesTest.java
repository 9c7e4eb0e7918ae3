package io.redisdouble.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceCluster;

import org.junit.jupiter.api.Test;

/**
 * Topology changes made from the test (RedisCluster.moveSlot / beginSlotMigration / failover / crash)
 * against the same changes made to a real Redis 7.0.15 cluster with redis-cli's commands (CLUSTER
 * SETSLOT, MIGRATE, CLUSTER FAILOVER, killing a node): what clients see during and after each change is
 * compared reply by reply, ids and ports normalised ({@link ClusterReplies}).
 */
class ClusterChangesTest {

    /** Sends the same command to node i of both clusters and compares the normalised replies. */
    private static final class Both implements AutoCloseable {
        final ReferenceCluster real;
        final RedisCluster emulated;
        final RawRedisClient[] r, e;

        Both(ReferenceCluster real, RedisCluster emulated) {
            this.real = real;
            this.emulated = emulated;
            int n = real.nodes().size();
            r = new RawRedisClient[n];
            e = new RawRedisClient[n];
            for (int i = 0; i < n; i++) reconnect(i);
        }

        void reconnect(int i) {
            if (r[i] != null) r[i].close();
            if (e[i] != null) e[i].close();
            r[i] = new RawRedisClient(real.node(i).host(), real.node(i).port());
            e[i] = new RawRedisClient("127.0.0.1", emulated.nodes().get(i).port());
        }

        String same(int node, String... argv) {
            String want = ClusterReplies.real(real, r[node].call(argv));
            String got = ClusterReplies.emulated(emulated, e[node].call(argv));
            assertEquals(want, got, "node " + node + ": " + String.join(" ", argv));
            return got;
        }

        /** The topology as node i shows it: CLUSTER SLOTS exactly, NODES and SHARDS sorted, INFO's head. */
        void sameTopology(int node) {
            same(node, "CLUSTER", "SLOTS");
            assertEquals(ClusterReplies.nodes(ClusterReplies.real(real, r[node].call("CLUSTER", "NODES"))),
                    ClusterReplies.nodes(ClusterReplies.emulated(emulated, e[node].call("CLUSTER", "NODES"))), "CLUSTER NODES on node " + node);
            assertEquals(ClusterReplies.shards(ClusterReplies.real(real, r[node].call("CLUSTER", "SHARDS"))),
                    ClusterReplies.shards(ClusterReplies.emulated(emulated, e[node].call("CLUSTER", "SHARDS"))), "CLUSTER SHARDS on node " + node);
            assertEquals(ClusterReplies.infoHead(r[node].call("CLUSTER", "INFO")),
                    ClusterReplies.infoHead(e[node].call("CLUSTER", "INFO")), "CLUSTER INFO on node " + node);
        }

        /** A client on node i of each cluster that sends a command and does not wait for its reply (a blocking pop). */
        RawRedisClient[] send(int node, String... argv) {
            RawRedisClient[] pair = {new RawRedisClient(real.node(node).host(), real.node(node).port()),
                    new RawRedisClient("127.0.0.1", emulated.nodes().get(node).port())};
            for (RawRedisClient c : pair) c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv(argv)));
            extra.add(pair[0]);
            extra.add(pair[1]);
            return pair;
        }

        /** The replies the two clients of {@link #send} get, compared. */
        void sameReply(RawRedisClient[] pair, String what) {
            assertEquals(ClusterReplies.real(real, pair[0].readReply()), ClusterReplies.emulated(emulated, pair[1].readReply()), what);
        }

        final java.util.List<RawRedisClient> extra = new java.util.ArrayList<>();

        @Override
        public void close() {
            for (RawRedisClient c : extra) c.close();
            for (RawRedisClient c : r) if (c != null) c.close();
            for (RawRedisClient c : e) if (c != null) c.close();
        }
    }

    /** A hash tag whose slot node {@code node} serves at the start. */
    private static String tagOn(ReferenceCluster real, int node) {
        for (int i = 0; ; i++) {
            String tag = "t" + i;
            if (real.ownerIndex(RedisCluster.slot("{" + tag + "}")) == node) return tag;
        }
    }

    @Test
    void slotMigrationAsksTriesAgainThenMoves() {
        try (ReferenceCluster real = ReferenceCluster.start("7.0", 3);
             RedisCluster emulated = RedisDouble.cluster().version("7.0").masters(3).manualTime().start();
             Both b = new Both(real, emulated)) {
            String tag = tagOn(real, 0);
            String k1 = "{" + tag + "}1", k2 = "{" + tag + "}2", k3 = "{" + tag + "}3", k4 = "{" + tag + "}4";
            int slot = RedisCluster.slot(k1);
            String s = Integer.toString(slot);
            b.same(0, "SET", k1, "a");
            b.same(0, "SET", k2, "b");
            RawRedisClient[] blocked = b.send(0, "BLPOP", "{" + tag + "}list", "0");
            b.r[0].awaitBlockedClients(1);
            b.e[0].awaitBlockedClients(1);

            // CLUSTER SETSLOT IMPORTING on the target, MIGRATING on the owner (redis-cli's order)
            ok(real.call(1, "CLUSTER", "SETSLOT", s, "IMPORTING", real.ids().get(0)));
            ok(real.call(0, "CLUSTER", "SETSLOT", s, "MIGRATING", real.ids().get(1)));
            emulated.beginSlotMigration(slot, emulated.nodes().get(1));
            b.same(0, "GET", k1);
            b.same(0, "CLUSTER", "COUNTKEYSINSLOT", s);
            assertEquals(ClusterReplies.nodes(ClusterReplies.real(real, b.r[0].call("CLUSTER", "NODES"))),
                    ClusterReplies.nodes(ClusterReplies.emulated(emulated, b.e[0].call("CLUSTER", "NODES"))));
            assertEquals(ClusterReplies.nodes(ClusterReplies.real(real, b.r[1].call("CLUSTER", "NODES"))),
                    ClusterReplies.nodes(ClusterReplies.emulated(emulated, b.e[1].call("CLUSTER", "NODES"))));

            // one key moved (MIGRATE), the other not yet
            ok(real.call(0, "MIGRATE", "127.0.0.1", Integer.toString(real.node(1).port()), k1, "0", "5000"));
            emulated.migrateKeys(k1);
            b.same(0, "GET", k1);
            b.same(0, "GET", k2);
            b.same(0, "MGET", k1, k2);
            b.same(0, "MGET", k2, k2);
            b.same(0, "SET", k3, "c");
            b.same(0, "EXISTS", k1);
            b.same(0, "DEL", k1, k2);
            b.same(0, "MULTI");
            b.same(0, "GET", k2);
            b.same(0, "GET", k1);
            b.same(0, "EXEC");
            b.same(1, "GET", k1);
            b.same(1, "ASKING");
            b.same(1, "GET", k1);
            b.same(1, "GET", k1);
            b.same(1, "ASKING");
            b.same(1, "MGET", k1, k2);
            b.same(1, "ASKING");
            b.same(1, "MGET", k1, k1);
            b.same(1, "ASKING");
            b.same(1, "SET", k4, "d");
            b.same(1, "GET", k4);
            b.same(2, "GET", k1);
            b.same(2, "CLUSTER", "COUNTKEYSINSLOT", s);

            // the rest of the keys, then SETSLOT NODE everywhere
            ok(real.call(0, "MIGRATE", "127.0.0.1", Integer.toString(real.node(1).port()), "", "0", "5000", "KEYS", k2));
            for (int i : new int[] {1, 0, 2}) ok(real.call(i, "CLUSTER", "SETSLOT", s, "NODE", real.ids().get(1)));
            real.awaitConverged();
            emulated.finishSlotMigration(slot);
            b.sameReply(blocked, "the client blocked on the moved slot"); // clientsCron redirects it
            for (int i = 0; i < 3; i++) {
                b.same(i, "GET", k1);
                b.same(i, "GET", k2);
                b.same(i, "GET", k4);
                b.same(i, "CLUSTER", "COUNTKEYSINSLOT", s);
                b.sameTopology(i);
            }
            // and moving it back in one step
            ok(real.call(0, "CLUSTER", "SETSLOT", s, "IMPORTING", real.ids().get(1)));
            ok(real.call(1, "CLUSTER", "SETSLOT", s, "MIGRATING", real.ids().get(0)));
            ok(real.call(1, "MIGRATE", "127.0.0.1", Integer.toString(real.node(0).port()), "", "0", "5000", "KEYS", k1, k2, k4));
            for (int i : new int[] {0, 1, 2}) ok(real.call(i, "CLUSTER", "SETSLOT", s, "NODE", real.ids().get(0)));
            real.awaitConverged();
            emulated.moveSlot(slot, emulated.nodes().get(0));
            for (int i = 0; i < 3; i++) {
                b.same(i, "MGET", k1, k2, k4);
                b.sameTopology(i);
            }
        }
    }

    @Test
    void replicasFailoverAndCrash() {
        try (ReferenceCluster real = ReferenceCluster.start("7.0", 3, 1);
             RedisCluster emulated = RedisDouble.cluster().version("7.0").masters(3).replicasPerMaster(1).manualTime().start();
             Both b = new Both(real, emulated)) {
            String tag0 = tagOn(real, 0), tag1 = tagOn(real, 1);
            String k0 = "{" + tag0 + "}k", k1 = "{" + tag1 + "}k";
            b.same(0, "SET", k0, "zero");
            b.same(1, "SET", k1, "one");
            b.same(2, "SET", "{" + tagOn(real, 2) + "}k", "two"); // every replica gets an offset above 0
            real.awaitConverged(); // the replicas have the writes, every node has heard of their offsets
            for (int i = 0; i < 6; i++) b.sameTopology(i);
            for (int m = 0; m < 3; m++) {
                assertEquals(ClusterReplies.replicas(ClusterReplies.real(real, b.r[m].call("CLUSTER", "REPLICAS", real.ids().get(m)))),
                        ClusterReplies.replicas(ClusterReplies.emulated(emulated, b.e[m].call("CLUSTER", "REPLICAS", emulated.nodes().get(m).id()))));
                assertEquals(ClusterReplies.real(real, b.r[m].call("CLUSTER", "REPLICAS", real.ids().get(m + 3))),
                        ClusterReplies.emulated(emulated, b.e[m].call("CLUSTER", "REPLICAS", emulated.nodes().get(m + 3).id())));
            }

            // a replica: MOVED unless READONLY, and writes always MOVED; HELLO says what it is
            for (int i : new int[] {0, 3, 1, 4}) {
                assertEquals(replication(ClusterReplies.real(real, b.r[i].call("INFO", "replication"))),
                        replication(ClusterReplies.emulated(emulated, b.e[i].call("INFO", "replication"))), "INFO replication on node " + i);
                assertEquals(hello(ClusterReplies.real(real, b.r[i].call("HELLO"))), hello(ClusterReplies.emulated(emulated, b.e[i].call("HELLO"))));
                assertEquals(redisMode(b.r[i].call("INFO", "server")), redisMode(b.e[i].call("INFO", "server")));
            }
            b.same(3, "GET", k0);
            b.same(3, "WAIT", "1", "100");
            b.same(0, "WAIT", "1", "100");
            b.same(0, "WAIT", "0", "0");
            b.same(0, "WAIT", "x", "0");
            b.same(3, "READONLY");
            b.same(3, "GET", k0);
            b.same(3, "GET", k1);
            b.same(3, "SET", k0, "x");
            b.same(3, "MULTI");
            b.same(3, "GET", k0);
            b.same(3, "EXEC");
            b.same(3, "READWRITE");
            b.same(3, "GET", k0);
            b.same(0, "CLUSTER", "FAILOVER");

            // CLUSTER FAILOVER on the replica of master 0
            RawRedisClient[] blocked = b.send(0, "BLPOP", "{" + tag0 + "}list", "0");
            b.same(0, "PING");
            b.same(3, "CLUSTER", "FAILOVER");
            ReferenceCluster.awaitCondition("node 3 is a master", () -> {
                String nodes = ReferenceCluster.text(real.call(0, "CLUSTER", "NODES"));
                return nodes.lines().anyMatch(l -> l.startsWith(real.ids().get(3)) && l.contains("master")) ? null : nodes;
            });
            real.awaitConverged();
            b.sameReply(blocked, "the client blocked on the old master");
            for (int i : new int[] {0, 3}) {
                assertEquals(replication(ClusterReplies.real(real, b.r[i].call("INFO", "replication"))),
                        replication(ClusterReplies.emulated(emulated, b.e[i].call("INFO", "replication"))), "INFO replication on node " + i);
            }
            for (int i = 0; i < 6; i++) b.sameTopology(i);
            b.same(0, "GET", k0);
            b.same(3, "GET", k0);
            b.same(3, "SET", k0, "zero again");

            // master 1 crashes: its replica (node 4) takes over, its port refuses connections
            real.crash(1);
            emulated.crash(emulated.nodes().get(1));
            real.awaitConverged();
            assertRefused(real.node(1).host(), real.node(1).port());
            assertRefused("127.0.0.1", emulated.nodes().get(1).port());
            for (int i : new int[] {0, 2, 3, 4, 5}) {
                if (i != 1) b.reconnect(i);
                b.sameTopology(i);
                b.same(i, "GET", k1);
                b.same(i, "CLUSTER", "COUNT-FAILURE-REPORTS", "nosuchnode");
            }
            b.same(4, "GET", k1);
        }
    }

    @Test
    void aMasterWithoutReplicaDownsTheCluster() {
        try (ReferenceCluster real = ReferenceCluster.start("7.0", 3);
             RedisCluster emulated = RedisDouble.cluster().version("7.0").masters(3).manualTime().start();
             Both b = new Both(real, emulated)) {
            String k0 = "{" + tagOn(real, 0) + "}k", k2 = "{" + tagOn(real, 2) + "}k";
            b.same(0, "SET", k0, "v");
            real.crash(2);
            emulated.crash(emulated.nodes().get(2));
            ReferenceCluster.awaitCondition("the cluster is down on nodes 0 and 1", () -> {
                for (int i = 0; i < 2; i++) {
                    String info = ReferenceCluster.text(real.call(i, "CLUSTER", "INFO"));
                    String nodes = ReferenceCluster.text(real.call(i, "CLUSTER", "NODES"));
                    if (!info.contains("cluster_state:fail") || !nodes.contains("master,fail ")) return info + nodes;
                }
                return null;
            });
            for (int i = 0; i < 2; i++) {
                b.sameTopology(i);
                b.same(i, "GET", k0);
                b.same(i, "GET", k2);
                b.same(i, "SET", k0, "w");
                b.same(i, "PING");
                b.same(i, "EVAL", "return redis.call('get', '" + k0 + "')", "0");
                b.same(i, "CLUSTER", "KEYSLOT", k2);
            }
        }
    }

    private static void assertRefused(String host, int port) {
        assertThrows(RuntimeException.class, () -> {
            try (RawRedisClient c = new RawRedisClient(host, port)) {
                c.call("PING");
            }
        }, "port " + port + " still answers");
        assertTrue(port > 0);
    }

    /** HELLO's reply without the fields that name the server or the connection. */
    private static String hello(String reply) {
        return reply.replaceAll("\\$2\r\nid\r\n:\\d+", "id").replaceAll("\\$7\r\nversion\r\n\\$\\d+\r\n[^\r]*", "version");
    }

    /** INFO replication with what two servers cannot share blanked: offsets, replication ids, io and lag seconds. */
    private static String replication(String normalisedReply) {
        String normalised = ClusterReplies.text(normalisedReply);
        return normalised.replaceAll("(offset|histlen|offset=)([:=])?\\d+", "$1$2N").replaceAll("offset=\\d+", "offset=N")
                .replaceAll("master_replid:[0-9a-f]{40}", "master_replid:R")
                .replaceAll("master_replid2:(?!0{40})[0-9a-f]{40}", "master_replid2:R2").replaceAll("lag=\\d+", "lag=N")
                .replaceAll("master_last_io_seconds_ago:\\d+", "master_last_io_seconds_ago:N");
    }

    private static String redisMode(byte[] info) {
        for (String l : ClusterReplies.text(info).split("\r\n")) if (l.startsWith("redis_mode:")) return l;
        return "no redis_mode";
    }

    private static void ok(byte[] reply) {
        assertEquals("+OK\r\n", new String(reply, java.nio.charset.StandardCharsets.UTF_8));
    }
}
