package io.redisdouble.clients;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.testing.ReferenceCluster;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster a client scenario runs against: the emulated one (RedisCluster) or a real 7.0.15
 * cluster started for the test ({@link ReferenceCluster}), both with 3 masters and one replica each, and
 * the same topology changes made to each (slot moves, failovers, crashes) with the tools each offers.
 * Node i is the same role in both (masters 0-2, then their replicas 3-5), so a scenario can name nodes by
 * index and compare.
 */
abstract class ClusterTarget implements AutoCloseable {
    @Override
    public abstract void close();

    final String name;

    ClusterTarget(String name) {
        this.name = name;
    }

    abstract String host();

    /** The port of node i. */
    abstract int port(int node);

    abstract int size();

    /** The index of the node on this port, or -1. */
    int indexOf(int port) {
        for (int i = 0; i < size(); i++) if (port(i) == port) return i;
        return -1;
    }

    /** Moves a slot from node {@code from} (its owner) to master {@code to}, keys and all. */
    abstract void moveSlot(int slot, int from, int to);

    /** CLUSTER FAILOVER on replica {@code replica}, once it has taken over. */
    abstract void failover(int replica);

    /** Node i stops answering; its replica takes over. */
    abstract void crash(int node);

    @Override
    public String toString() {
        return name;
    }

    static ClusterTarget emulated() {
        return new Emulated(RedisDouble.cluster().version("7.0").masters(3).replicasPerMaster(1).start());
    }

    static ClusterTarget real() {
        return new Real(ReferenceCluster.start("7.0", 3, 1));
    }

    static final class Emulated extends ClusterTarget {
        final RedisCluster cluster;

        Emulated(RedisCluster cluster) {
            super("redis-double cluster (7.0)");
            this.cluster = cluster;
        }

        @Override
        String host() {
            return "127.0.0.1";
        }

        @Override
        int port(int node) {
            return cluster.nodes().get(node).port();
        }

        @Override
        int size() {
            return cluster.nodes().size();
        }

        @Override
        void moveSlot(int slot, int from, int to) {
            cluster.moveSlot(slot, cluster.nodes().get(to));
        }

        @Override
        void failover(int replica) {
            cluster.failover(cluster.nodes().get(replica));
        }

        @Override
        void crash(int node) {
            cluster.crash(cluster.nodes().get(node));
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    static final class Real extends ClusterTarget {
        final ReferenceCluster cluster;

        Real(ReferenceCluster cluster) {
            super("real Redis 7.0.15 cluster");
            this.cluster = cluster;
        }

        @Override
        String host() {
            return "127.0.0.1";
        }

        @Override
        int port(int node) {
            return cluster.node(node).port();
        }

        @Override
        int size() {
            return cluster.nodes().size();
        }

        @Override
        void moveSlot(int slot, int from, int to) {
            cluster.moveSlot(slot, from, to);
        }

        @Override
        void failover(int replica) {
            cluster.failover(replica);
        }

        @Override
        void crash(int node) {
            cluster.crash(node);
            cluster.awaitConverged();
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** Ports of every node, for messages. */
    List<Integer> ports() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) out.add(port(i));
        return out;
    }
}
