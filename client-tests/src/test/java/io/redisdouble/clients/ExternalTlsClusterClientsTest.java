package io.redisdouble.clients;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.redisdouble.RedisCluster;
import io.redisdouble.RedisTls;
import io.redisdouble.testing.TlsTesting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JedisCluster and Lettuce's RedisClusterClient over TLS against the emulated cluster with TLS
 * ({@code RedisCluster.builder().tls()}) and against a real cluster of Debian's redis-server 7.0.15 nodes
 * with {@code tls-port} and {@code tls-cluster yes}, given the same certificates (the emulated cluster's
 * generated ones): each client learns the topology over TLS, so it is told the TLS ports and follows
 * them (a plain port would fail its handshake); the same answers from both.
 */
class ExternalTlsClusterClientsTest {
    // this suite's ports (22800-22899 on the shared machine) for the real nodes
    static final int[] PLAIN = {22881, 22882, 22883}, TLS = {22884, 22885, 22886}, BUS = {22887, 22888, 22889};

    static RedisCluster cluster;
    static RedisTls tls;
    static TlsTesting.DebianTlsCluster real;
    static Path realDir;

    @BeforeAll
    static void start() throws IOException {
        cluster = RedisCluster.builder().version("7.0").masters(3).tls().start();
        tls = cluster.tls();
        realDir = Files.createTempDirectory("redis-double-tls-cluster-clients-");
        Files.copy(tls.certFile(), realDir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(tls.keyFile(), realDir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(tls.caCertFile(), realDir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        real = new TlsTesting.DebianTlsCluster(realDir, PLAIN, TLS, BUS);
    }

    @AfterAll
    static void stop() {
        if (real != null) real.close();
        if (cluster != null) cluster.close();
        if (realDir != null) io.redisdouble.testing.ScratchDirs.delete(realDir);
    }

    /** The TLS port a client starts from: the first master's. */
    static List<Integer> seeds() {
        return List.of(cluster.masters().get(0).tlsPort(), TLS[0]);
    }

    static List<Object> jedisScenario(int port) {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        try (JedisCluster jc = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", port)), DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(tls.socketFactory()).sslParameters(p).build())) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < 12; i++) out.add(jc.set("tls:k" + i, "v" + i));
            for (int i = 0; i < 12; i++) out.add(jc.get("tls:k" + i));
            out.add(jc.mset("{tls}a", "1", "{tls}b", "2"));
            out.add(jc.mget("{tls}a", "{tls}b"));
            for (int i = 0; i < 12; i++) out.add(jc.del("tls:k" + i));
            out.add(jc.del("{tls}a", "{tls}b"));
            return out;
        }
    }

    static List<Object> lettuceScenario(int port) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).withSsl(true).build());
        try {
            client.setOptions(ClusterClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(tls.caCertFile().toFile())
                    .keyManager(tls.clientCertFile().toFile(), tls.clientKeyFile().toFile(), null).build()).build());
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                RedisAdvancedClusterCommands<String, String> r = c.sync();
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < 12; i++) out.add(r.set("tls:l" + i, "v" + i));
                for (int i = 0; i < 12; i++) out.add(r.get("tls:l" + i));
                out.add(r.mset(java.util.Map.of("tls:m1", "1", "tls:m2", "2"))); // keys in different slots: split by Lettuce
                out.add(r.mget("tls:m1", "tls:m2").stream().map(kv -> kv.getKey() + "=" + kv.getValue()).toList());
                out.add(r.del("tls:m1", "tls:m2"));
                for (int i = 0; i < 12; i++) out.add(r.del("tls:l" + i));
                out.add(c.getPartitions().size());
                return out;
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void jedisClusterOverTls() {
        List<Object> ours = jedisScenario(seeds().get(0)), theirs = jedisScenario(seeds().get(1));
        assertEquals(theirs, ours);
        assertEquals("v11", theirs.get(23)); // not vacuous: every key was written and read back
    }

    @Test
    void lettuceClusterOverTls() {
        List<Object> ours = lettuceScenario(seeds().get(0)), theirs = lettuceScenario(seeds().get(1));
        assertEquals(theirs, ours);
        assertEquals(3, theirs.get(theirs.size() - 1)); // three masters learned
    }
}
