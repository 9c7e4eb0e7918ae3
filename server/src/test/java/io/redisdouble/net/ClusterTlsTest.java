package io.redisdouble.net;

import io.redisdouble.RedisCluster;
import io.redisdouble.cluster.HashSlots;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.TlsTesting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulated cluster with TLS ({@code RedisCluster.builder().tls()}) side by side with a real cluster of
 * three Debian redis-server 7.0.15 nodes started with {@code port}, {@code tls-port} and {@code tls-cluster
 * yes}: which port CLUSTER SLOTS, NODES, SHARDS and MOVED name to a plain client and to a TLS client. Ports
 * are compared by role (P0…P2 the plain ports, T0…T2 the TLS ports of the masters of slot ranges 0…2).
 */
class ClusterTlsTest {
    // this suite's ports (22800-22899 on the shared machine): plain, TLS and bus ports of the real nodes
    // masters 0-2, then replica i of master i
    static final int[] PLAIN = {22851, 22852, 22853, 22854, 22855, 22856}, TLS = {22861, 22862, 22863, 22864, 22865, 22866},
            BUS = {22871, 22872, 22873, 22874, 22875, 22876};

    static Path dir;
    static SSLContext realClient;

    @BeforeAll
    static void certificates() {
        dir = TlsTesting.makeCertificates();
        realClient = TlsTesting.clientContext(dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        io.redisdouble.testing.ScratchDirs.delete(dir);
    }

    /** What one cluster answers, ports by role (masters 0-2, then replica i of master i: P3…P5, T3…T5). */
    static List<String> observe(int[] plain, int[] tls, SSLContext ctx, String master0) {
        Map<String, String> symbols = new HashMap<>();
        for (int i = 0; i < plain.length; i++) {
            symbols.put(Integer.toString(plain[i]), "P" + i);
            symbols.put(Integer.toString(tls[i]), "T" + i);
        }
        List<String> out = new ArrayList<>();
        String key = "user:1";
        int slot = HashSlots.slot(key.getBytes(StandardCharsets.UTF_8));
        int[][] ranges = HashSlots.createAllocation(3);
        int owner = 0;
        while (slot > ranges[owner][1]) owner++;
        int other = (owner + 1) % 3;
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", plain[other])) {
            out.add("plain SLOTS " + ports(RawRedisClient.printable(c.call("CLUSTER", "SLOTS")), symbols, false));
            out.add("plain NODES " + ports(RawRedisClient.printable(c.call("CLUSTER", "NODES")), symbols, true));
            out.add("plain SHARDS " + ports(RawRedisClient.printable(c.call("CLUSTER", "SHARDS")), symbols, true));
            out.add("plain GET " + ports(RawRedisClient.printable(c.call("GET", key)), symbols, false));
            out.add(RawRedisClient.printable(c.call("CONFIG", "GET", "tls-cluster")));
            out.add("plain REPLICAS " + ports(RawRedisClient.printable(c.call("CLUSTER", "REPLICAS", master0)), symbols, true));
        }
        List<String> t = TlsTesting.session(tls[other], ctx, null, new String[] {"CLUSTER", "SLOTS"},
                new String[] {"CLUSTER", "NODES"}, new String[] {"CLUSTER", "SHARDS"}, new String[] {"GET", key},
                new String[] {"CLUSTER", "REPLICAS", master0});
        out.add("tls SLOTS " + ports(t.get(0), symbols, false));
        out.add("tls NODES " + ports(t.get(1), symbols, true));
        out.add("tls SHARDS " + ports(t.get(2), symbols, true));
        out.add("tls GET " + ports(t.get(3), symbols, false));
        out.add("tls REPLICAS " + ports(t.get(4), symbols, true));
        return out;
    }

    /** The ports a reply names, as role symbols, in order (or sorted where the server's order is a hash's). */
    static List<String> ports(String reply, Map<String, String> symbols, boolean sort) {
        List<String> found = new ArrayList<>();
        for (String token : reply.split("[^0-9]+")) {
            String s = symbols.get(token);
            if (s != null) found.add(s);
        }
        if (sort) Collections.sort(found);
        return found;
    }

    @Test
    void portsByClientAsRedis() {
        List<String> real, ours;
        try (TlsTesting.DebianTlsCluster c = new TlsTesting.DebianTlsCluster(dir, PLAIN, TLS, BUS, 3);
             RawRedisClient m = new RawRedisClient("127.0.0.1", PLAIN[0])) {
            String id = new String(m.call("CLUSTER", "MYID"), StandardCharsets.UTF_8).split("\r\n")[1];
            real = observe(PLAIN, TLS, realClient, id);
        }
        try (RedisCluster cluster = RedisCluster.builder().version("7.0").masters(3).replicasPerMaster(1).basePort(PLAIN[0]).tls().start()) {
            int[] plain = new int[6], tls = new int[6];
            for (int i = 0; i < 3; i++) {
                plain[i] = cluster.masters().get(i).port();
                tls[i] = cluster.masters().get(i).tlsPort();
                plain[3 + i] = cluster.replicas().get(i).port();
                tls[3 + i] = cluster.replicas().get(i).tlsPort();
            }
            SSLContext ctx = TlsTesting.clientContext(cluster.tls().caCertFile(), cluster.tls().clientCertFile(),
                    cluster.tls().clientKeyFile());
            ours = observe(plain, tls, ctx, cluster.masters().get(0).id());
        }
        assertEquals(real, ours);
        // not vacuous: the plain client is told plain ports, the TLS client TLS ports, SHARDS gives both
        assertEquals("plain SLOTS [P0, P3, P1, P4, P2, P5]", real.get(0));
        assertEquals("tls SLOTS [T0, T3, T1, T4, T2, T5]", real.get(6));
        assertEquals("plain SHARDS [P0, P1, P2, P3, P4, P5, T0, T1, T2, T3, T4, T5]", real.get(2));
        assertEquals("plain REPLICAS [P3]", real.get(5));
        assertEquals("tls REPLICAS [T3]", real.get(10));
        assertTrue(real.get(3).startsWith("plain GET [P") && real.get(9).startsWith("tls GET [T"), real.toString());
    }
}
