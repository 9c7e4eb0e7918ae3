package io.redisdouble.command;

import io.redisdouble.cluster.ClusterTopology;

/**
 * What one node's engine needs from the emulated cluster it belongs to (Redis's cluster bus, already
 * converged): the current topology, which node a connection reached, and the messages nodes exchange.
 * Implemented by {@code RedisCluster}; every method may be called from any node's command thread.
 */
public interface ClusterBus {
    /** The topology every node agrees on now. */
    ClusterTopology topology();

    /**
     * The id of the node whose listener accepted a connection, from the connection's local address
     * ("ip:port"); the engine's own master for in-process clients.
     */
    String nodeIdFor(String localAddress);

    /**
     * The replication offset CLUSTER SHARDS shows for a node: its shard's, the same on the master and its
     * replicas (they never lag here), above 0 so that no replica looks "loading".
     * May be read from another node's command thread (a moment old then).
     */
    long replicationOffset(String nodeId);

    /** CLUSTER MYSHARDID (7.2): the 40-character id of the node's shard, shared by its master and replicas. */
    String shardId(String nodeId);

    /**
     * The shard's replication ids after its failovers (INFO replication), or null before any: the id a
     * promoted replica made, the one it replaced (master_replid2) and the offset after which that one
     * ends (second_repl_offset).
     */
    default ReplicationIds replicationIds(String nodeId) {
        return null;
    }

    /** master_replid, master_replid2 and second_repl_offset after a failover. */
    record ReplicationIds(String replId, String replId2, long secondOffset) {}

    /** clusterPropagatePublish: a PUBLISH reaches the subscribers of every other node. */
    void propagatePublish(Engine from, byte[] channel, byte[] message);

    /**
     * CLUSTER FAILOVER [FORCE|TAKEOVER] sent to replica {@code replicaId}: the replica takes over its
     * master. Returns null, or the error to answer.
     */
    String failover(String replicaId, boolean force);
}
