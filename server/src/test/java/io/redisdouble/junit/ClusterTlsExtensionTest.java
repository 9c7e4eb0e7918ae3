package io.redisdouble.junit;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisTls;
import io.redisdouble.testing.TlsTesting;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @RedisDoubleTest(clusterMasters = 3, tls = true)}: an emulated cluster whose nodes serve TLS beside
 * plain TCP, the test given the first master's TLS port and the certificates. Which port each reply names
 * to a TLS client is checked against a real TLS cluster of Debian's redis-server in ClusterTlsTest; here,
 * that the test gets what it needs and that a TLS client is redirected to TLS ports.
 */
@RedisDoubleTest(version = "7.0", clusterMasters = 3, tls = true)
class ClusterTlsExtensionTest {

    @Test
    void injectsTheTlsSide(RedisCluster cluster, RedisTls tls, URI uri, @RedisPort int port) {
        RedisCluster.Node first = cluster.masters().get(0);
        assertEquals("rediss", uri.getScheme());
        assertEquals(first.tlsPort(), port);
        assertEquals(port, uri.getPort());
        assertEquals(port, tls.port());
        assertTrue(tls.generated());
        assertEquals("*[$tls-cluster, $yes]", TlsTesting.call(port, tls.sslContext(), "CONFIG", "GET", "tls-cluster"));
        RedisCluster.Node owner = cluster.nodeForKey("user:1");
        RedisCluster.Node other = cluster.masters().stream().filter(n -> n != owner).findFirst().orElseThrow();
        assertEquals("-MOVED " + RedisCluster.slot("user:1") + " " + owner.host() + ":" + owner.tlsPort(),
                TlsTesting.call(other.tlsPort(), tls.sslContext(), "GET", "user:1"));
        assertEquals("+OK", TlsTesting.call(owner.tlsPort(), tls.sslContext(), "SET", "user:1", "v"));
    }

    /** Replicas have TLS ports too; a crashed node's TLS port closes and opens again when it restarts. */
    @Test
    void replicasAndCrashes() {
        try (RedisCluster c = RedisCluster.builder().version("7.0").masters(3).replicasPerMaster(1).tls().start()) {
            RedisTls tls = c.tls();
            RedisCluster.Node replica = c.replicas().get(0);
            assertTrue(replica.tlsPort() != 0 && replica.tlsPort() != replica.port());
            String slots = TlsTesting.call(c.masters().get(0).tlsPort(), tls.sslContext(), "CLUSTER", "SLOTS");
            for (RedisCluster.Node n : c.nodes()) {
                assertTrue(slots.contains(":" + n.tlsPort() + ","), n + " in " + slots);
                assertTrue(!slots.contains(":" + n.port() + ","), n + " in " + slots);
            }
            RedisCluster.Node owner = c.nodeForKey("{x}k");
            assertEquals("+OK", TlsTesting.call(owner.tlsPort(), tls.sslContext(), "SET", "{x}k", "v"));
            RedisCluster.Node itsReplica = c.replicas().stream()
                    .filter(r -> TlsTesting.call(r.tlsPort(), tls.sslContext(), "CLUSTER", "NODES").lines()
                            .anyMatch(l -> l.contains("myself,slave " + owner.id())))
                    .findFirst().orElseThrow();
            assertEquals(List.of("+OK", "$v"), TlsTesting.session(itsReplica.tlsPort(), tls.sslContext(), null,
                    new String[] {"READONLY"}, new String[] {"GET", "{x}k"}));
            c.crash(owner);
            assertEquals(TlsTesting.REFUSED, TlsTesting.call(owner.tlsPort(), tls.sslContext(), "PING"));
            c.restart(owner);
            assertEquals("+PONG", TlsTesting.call(owner.tlsPort(), tls.sslContext(), "PING"));
        }
    }
}
