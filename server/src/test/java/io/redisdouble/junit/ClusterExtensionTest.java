package io.redisdouble.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.redisdouble.RedisCluster;

import java.net.URI;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @RedisDoubleTest(clusterMasters = …)}: the cluster is injected, and each test starts from the
 * cluster as it was started (the previous test's crash, slot move and keys undone).
 */
@RedisDoubleTest(version = "7.0", clusterMasters = 3, clusterReplicasPerMaster = 1, manualTime = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterExtensionTest {
    private static String firstOwnerOfSlot0;
    private static io.redisdouble.cluster.ClusterTopology started;

    @Test
    @Order(1)
    void changesTheTopology(RedisCluster cluster, URI uri, @RedisPort int port) {
        assertEquals(6, cluster.nodes().size());
        assertEquals(cluster.masters().get(0).uri(), uri);
        assertEquals(cluster.masters().get(0).port(), port);
        started = cluster.topology();
        firstOwnerOfSlot0 = cluster.nodeForSlot(0).id();
        cluster.nodeForKey("k").command("SET", "k", "v");
        cluster.moveSlot(0, cluster.masters().get(2));
        cluster.crash(cluster.masters().get(1));
        cluster.addMaster();
    }

    @Test
    @Order(2)
    void startsFromTheClusterAsStarted(RedisCluster cluster) {
        assertEquals(started, cluster.topology());
        assertEquals(firstOwnerOfSlot0, cluster.nodeForSlot(0).id());
        assertEquals(6, cluster.nodes().size());
        assertFalse(cluster.masters().get(1).isFailed());
        assertNull(cluster.nodeForKey("k").command("GET", "k"));
    }
}
