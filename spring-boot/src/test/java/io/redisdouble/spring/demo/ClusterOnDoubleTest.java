package io.redisdouble.spring.demo;

import io.redisdouble.RedisCluster;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DemoApplication} on an emulated three-master cluster, still with no Redis configuration: Boot
 * builds a cluster connection (Lettuce) from the connection details, keys land on the master that owns
 * their slot, a moved slot is followed, a cross-slot script is refused as a real cluster refuses it,
 * and the cluster's clock runs TTLs out.
 */
@SpringBootTest
@AutoConfigureRedisDouble(clusterMasters = 3, manualTime = true)
class ClusterOnDoubleTest {
    @Autowired
    RedisCluster cluster;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisConnectionFactory factory;
    @Autowired
    DataRedisConnectionDetails details;
    @Autowired
    Environment env;

    @Test
    void bootConnectsAsAClusterClient() {
        assertTrue(((LettuceConnectionFactory) factory).isClusterAware(), "Boot made a standalone connection factory");
        assertNull(details.getStandalone());
        List<String> masters = cluster.masters().stream().map(n -> n.host() + ":" + n.port()).toList();
        assertEquals(masters, details.getCluster().getNodes().stream().map(n -> n.host() + ":" + n.port()).toList());
        assertEquals(String.join(",", masters), env.getProperty("spring.data.redis.cluster.nodes"));
    }

    @Test
    void keysLandOnTheMasterOwningTheirSlot() {
        redis.opsForValue().set("foo", "1");
        redis.opsForValue().set("somekey", "2");
        // Slots as Redis's CLUSTER KEYSLOT documentation gives them: foo 12182, somekey 11058.
        assertEquals("1", cluster.nodeForSlot(12182).command("GET", "foo"));
        assertEquals("2", cluster.nodeForSlot(11058).command("GET", "somekey"));
        long holding = cluster.masters().stream().filter(m -> m.command("GET", "foo") != null).count();
        assertEquals(1, holding, "foo is on more than one master");
    }

    @Test
    void aMovedSlotIsFollowed() {
        redis.opsForValue().set("foo", "moving");
        RedisCluster.Node owner = cluster.nodeForSlot(12182);
        RedisCluster.Node other = cluster.masters().stream().filter(m -> m != owner).findFirst().orElseThrow();
        cluster.moveSlot(12182, other);
        assertEquals("moving", redis.opsForValue().get("foo"));
        assertEquals("moving", other.command("GET", "foo"));
    }

    @Test
    void aScriptAcrossSlotsIsRefused() {
        DefaultRedisScript<Long> script = new DefaultRedisScript<>("#!lua\nreturn redis.call('del', KEYS[1], KEYS[2])", Long.class);
        DataAccessException e = assertThrows(DataAccessException.class, () -> redis.execute(script, List.of("foo", "somekey")));
        assertTrue(String.valueOf(e.getMostSpecificCause().getMessage()).contains("CROSSSLOT"), e.toString());
    }

    @Test
    void theClusterClockRunsTtlsOut() {
        redis.opsForValue().set("lease", "a", Duration.ofSeconds(10));
        cluster.time().advance(Duration.ofSeconds(11));
        assertNull(redis.opsForValue().get("lease"));
    }
}
