package io.redisdouble.junit;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisTls;
import io.redisdouble.testing.TlsTesting;
import org.junit.jupiter.api.Test;

import java.net.URI;

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
}
