package io.redisdouble.spring.demo;

import io.redisdouble.RedisCluster;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DemoApplication} on an emulated three-master cluster over TLS ({@code clusterMasters = 3, tls =
 * true}): Boot's Lettuce cluster client starts from the masters' TLS ports, learns the topology over TLS
 * (the TLS ports, as a real cluster with tls-cluster yes names them to a TLS client: ClusterTlsTest) and
 * follows a moved slot there.
 */
@SpringBootTest
@AutoConfigureRedisDouble(clusterMasters = 3, tls = true)
class ClusterOverTlsOnDoubleTest {
    @Autowired
    RedisCluster cluster;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisConnectionFactory factory;
    @Autowired
    DataRedisConnectionDetails details;

    @Test
    void bootConnectsOverTlsAsAClusterClient() {
        LettuceConnectionFactory f = (LettuceConnectionFactory) factory;
        assertTrue(f.isClusterAware() && f.isUseSsl());
        assertNotNull(details.getSslBundle());
        List<String> masters = cluster.masters().stream().map(n -> n.host() + ":" + n.tlsPort()).toList();
        assertEquals(masters, details.getCluster().getNodes().stream().map(n -> n.host() + ":" + n.port()).toList());
        redis.opsForValue().set("foo", "moving");
        assertEquals("moving", cluster.nodeForSlot(12182).command("GET", "foo"));
        RedisCluster.Node owner = cluster.nodeForSlot(12182);
        RedisCluster.Node other = cluster.masters().stream().filter(m -> m != owner).findFirst().orElseThrow();
        cluster.moveSlot(12182, other);
        assertEquals("moving", redis.opsForValue().get("foo"));
        assertEquals("moving", other.command("GET", "foo"));
    }
}
